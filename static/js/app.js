// Starts every GOV.UK Frontend component on the page (error summary focus,
// character counts, radios with conditional content, header menu).
import { initAll } from "../govuk-frontend/govuk-frontend.min.js";
import { startTimeoutWarning } from "./timeout-warning.js";

initAll();
startTimeoutWarning(document);

// A page opened at a note that asks to be focused (tabindex="-1"), such as "saved: add
// another action below": focus it, so a screen reader says it and Tab goes on from there.
const arrivedAt = window.location.hash && document.getElementById(window.location.hash.slice(1));
if (arrivedAt && arrivedAt.getAttribute("tabindex") === "-1") {
  arrivedAt.focus();
}
