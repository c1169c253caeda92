// Loaded by every page: small things the layout needs. Page scripts are their own modules.
const status = document.getElementById("status");

export function say(message) {
  if (status) status.textContent = message;
}

// Buttons marked data-confirm ask before their form is sent.
document.addEventListener("submit", (event) => {
  const button = event.submitter;
  const question = button && button.dataset.confirm;
  if (question && !window.confirm(question)) event.preventDefault();
});
