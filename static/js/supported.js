// Runs before the page is drawn: GOV.UK Frontend styles its JavaScript-enhanced
// components only when the body says the browser can run them.
document.body.className +=
  " js-enabled" + ("noModule" in HTMLScriptElement.prototype ? " govuk-frontend-supported" : "");
