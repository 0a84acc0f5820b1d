// GOV.UK's timeout warning (templates/includes/timeout_warning.html), with no inline script.
//
// The server signs people out data-idle-seconds after their session was last refreshed; each
// page says how long its session has left (data-seconds-left). Every tab of the service
// writes when the session ends to localStorage, so a person busy in one tab is not warned in
// another. data-warning-seconds before the end the dialog opens with a countdown; "Stay
// signed in" (or Escape) posts to data-keep-alive-url, which starts the idle clock again.
// When the time runs out, a form marked data-app-keep-unsaved is posted as it is, with
// app_timed_out=1: the server keeps it and asks the person to sign in, then puts the answers
// back unsaved (integrated_care/unsaved.py). Other pages go to sign-in.

const SESSION_ENDS = "app-session-ends";

function stored() {
  try {
    return Number(window.localStorage.getItem(SESSION_ENDS)) || 0;
  } catch {
    return 0; // storage blocked: this tab's own clock still works
  }
}

function store(time) {
  try {
    window.localStorage.setItem(SESSION_ENDS, String(Math.max(time, stored())));
  } catch {
    // storage blocked: nothing to share with other tabs
  }
}

function inWords(seconds) {
  if (seconds >= 60) {
    const minutes = Math.ceil(seconds / 60);
    return minutes === 1 ? "1 minute" : `${minutes} minutes`;
  }
  return seconds === 1 ? "1 second" : `${seconds} seconds`;
}

export function startTimeoutWarning(root) {
  const dialog = root.querySelector("[data-module=app-timeout-warning]");
  if (!dialog || typeof dialog.showModal !== "function") {
    return;
  }
  const idle = Number(dialog.dataset.idleSeconds) * 1000;
  const warning = Number(dialog.dataset.warningSeconds) * 1000;
  const countdown = dialog.querySelector("[data-app-countdown]");
  const announcement = dialog.querySelector("[data-app-countdown-announcement]");
  const token = dialog.querySelector("input[name=csrfmiddlewaretoken]");
  let ends = Date.now() + Number(dialog.dataset.secondsLeft) * 1000;
  let timer = null;
  let lastAnnounced = "";
  store(ends);

  const latest = () => Math.max(ends, stored());
  const secondsLeft = () => Math.max(0, Math.ceil((latest() - Date.now()) / 1000));

  function signedOut() {
    window.clearTimeout(timer);
    const form = root.querySelector("form[data-app-keep-unsaved]");
    if (form) {
      const marker = document.createElement("input");
      marker.type = "hidden";
      marker.name = "app_timed_out";
      marker.value = "1";
      form.append(marker);
      form.submit(); // no submit event, and no button: nothing is saved
      return;
    }
    const here = window.location.pathname + window.location.search;
    const query = new URLSearchParams({ next: here, timed_out: "1" });
    window.location.assign(`${dialog.dataset.signInUrl}?${query}`);
  }

  function tick() {
    window.clearTimeout(timer);
    const left = secondsLeft();
    if (left <= 0) {
      signedOut();
      return;
    }
    if (left * 1000 > warning) {
      // Someone used the service in another tab: the clock started again.
      if (dialog.open) {
        dialog.close();
      }
      schedule();
      return;
    }
    if (!dialog.open) {
      lastAnnounced = "";
      dialog.showModal();
    }
    const words = inWords(left);
    countdown.textContent = words;
    // Screen readers hear the time when the dialog opens, each minute, and at 20 seconds.
    const spoken = left > 60 ? words : left > 20 ? "1 minute" : "20 seconds";
    if (spoken !== lastAnnounced) {
      lastAnnounced = spoken;
      announcement.textContent = `For your security, we will sign you out in ${spoken}.`;
    }
    timer = window.setTimeout(tick, 1000);
  }

  function schedule() {
    window.clearTimeout(timer);
    const untilWarning = latest() - warning - Date.now();
    timer = window.setTimeout(tick, Math.max(0, untilWarning));
  }

  async function staySignedIn() {
    window.clearTimeout(timer);
    try {
      const response = await fetch(dialog.dataset.keepAliveUrl, {
        method: "POST",
        headers: { "X-CSRFToken": token ? token.value : "" },
        credentials: "same-origin",
        redirect: "manual", // signed out already: the answer is a redirect to sign in
      });
      if (response.status !== 204) {
        signedOut();
        return;
      }
    } catch {
      tick(); // the network failed: keep counting down, and try again if asked
      return;
    }
    ends = Date.now() + idle;
    store(ends);
    dialog.close();
    schedule();
  }

  dialog.querySelector("[data-app-stay]").addEventListener("click", staySignedIn);
  dialog.addEventListener("cancel", (event) => {
    event.preventDefault(); // Escape means "stay signed in", as in GOV.UK's pattern
    staySignedIn();
  });
  window.addEventListener("storage", (event) => {
    if (event.key === SESSION_ENDS) {
      tick();
    }
  });
  schedule();
}
