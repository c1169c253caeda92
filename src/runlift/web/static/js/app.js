// Loaded by every page: small things the layout needs. Page scripts are their own modules.
// Working without signal (service worker, what waits in the outbox): offline.js.
import "./offline.js";

const status = document.getElementById("status");

export function say(message) {
  if (status) status.textContent = message;
}

// Buttons marked data-confirm ask before their form is sent. Once per page: the layout loads this
// module at its hashed URL and a page script's `import "./app.js"` loads it again at the plain one.
if (!document.documentElement.dataset.confirms) {
  document.documentElement.dataset.confirms = "on";
  document.addEventListener("submit", (event) => {
    const button = event.submitter;
    const question = button && button.dataset.confirm;
    if (question && !window.confirm(question)) event.preventDefault();
  });
}
