// Starts every GOV.UK Frontend component on the page (error summary focus,
// character counts, radios with conditional content, header menu).
import { initAll } from "../govuk-frontend/govuk-frontend.min.js";
import { startTimeoutWarning } from "./timeout-warning.js";

initAll();
startTimeoutWarning(document);
