// "Preparing your PDF" (reporting/templates/reports/pdf_preparing.html), with no inline script.
//
// The page never reloads by itself (WCAG 2.2.1). Every data-check-seconds this asks
// data-status-url (the PDF's own address with ?status=1), which answers in JSON whether the
// worker has made the PDF: "pending", "ready" (with its size) or "failed"; never the PDF.
// Focus stays where the person left it, and the role="status" message says what happened.
// Once the PDF is made, a download button shows: nothing downloads until the person chooses
// it. After data-give-up-seconds it stops asking and says it is taking longer than usual,
// with a button to try again. Without JavaScript the page keeps its "Check if your PDF is
// ready" button.

function startPdfPreparing(root) {
  const page = root.querySelector("[data-module=app-pdf-preparing]");
  if (!page || typeof window.fetch !== "function") {
    return;
  }
  const every = Number(page.dataset.checkSeconds) * 1000 || 3000;
  const giveUpAt = Date.now() + (Number(page.dataset.giveUpSeconds) * 1000 || 120000);
  const heading = page.querySelector("[data-app-pdf-heading]");
  const status = page.querySelector("[data-app-pdf-status]");
  const titleRest = document.title.startsWith(heading.textContent)
    ? document.title.slice(heading.textContent.length)
    : "";

  // Shows the parts for this state (data-app-pdf-when lists the states each is for), with
  // the heading and status message they carry, if any.
  function show(state) {
    for (const part of page.querySelectorAll("[data-app-pdf-when]")) {
      part.hidden = !part.dataset.appPdfWhen.split(" ").includes(state);
      if (part.hidden) {
        continue;
      }
      const { appPdfHeading: newHeading, appPdfMessage: message } = part.dataset;
      if (newHeading) {
        heading.textContent = newHeading;
        if (titleRest) {
          document.title = newHeading + titleRest;
        }
      }
      if (message) {
        status.textContent = message; // announced by screen readers; focus does not move
      }
    }
  }

  async function check() {
    try {
      const response = await fetch(page.dataset.statusUrl, {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
        cache: "no-store",
      });
      // Anything but JSON (signed out, say) is asked again, until it is time to give up.
      const answer = response.ok ? await response.json() : {};
      if (answer.state === "ready") {
        page.querySelector("[data-app-pdf-size]").textContent = answer.size
          ? `, ${answer.size}`
          : "";
        show("ready");
        return;
      }
      if (answer.state === "failed") {
        show("failed");
        return;
      }
    } catch {
      // The network or the answer failed: ask again at the next check.
    }
    if (Date.now() + every > giveUpAt) {
      show("slow");
      return;
    }
    window.setTimeout(check, every);
  }

  show("waiting");
  window.setTimeout(check, every);
}

startPdfPreparing(document);
