// The coach's pages: invite a runner, copy an invitation's link, withdraw or stop coaching (the coach),
// accept, decline or stop it (the runner), all through the JSON API (/api/v1/invitations …).
import { api } from "./api.js";
import { say } from "./app.js";

const error = document.getElementById("invite-error");

function refused(message) {
  if (error) {
    error.textContent = message;
    error.hidden = false;
  }
  say(message);
}

document.addEventListener("submit", async (event) => {
  const form = event.target.closest("form.invite, form.accept");
  if (!form) return;
  event.preventDefault();
  const button = form.querySelector("button[type=submit]");
  if (error) error.hidden = true;
  button.disabled = true;
  try {
    if (form.classList.contains("invite")) {
      const sent = await api("POST", "/api/v1/invitations", { email: form.elements.email.value.trim() });
      say(`Invited ${sent.email}: send them the link.`);
    } else {
      const id = form.closest("[data-invitation]").dataset.invitation;
      const done = await api("POST", `/api/v1/invitations/${id}/accept`, {
        athlete_id: Number(form.elements.athlete_id.value),
      });
      say(`${done.coach} now coaches ${done.athlete}.`);
    }
    window.location.reload();
  } catch (problem) {
    refused(problem.message);
    button.disabled = false;
  }
});

document.addEventListener("click", async (event) => {
  const revoke = event.target.closest("button[data-revoke]");
  if (revoke) {
    if (revoke.dataset.confirm && !window.confirm(revoke.dataset.confirm)) return;
    revoke.disabled = true;
    try {
      await api("POST", `/api/v1/invitations/${revoke.dataset.revoke}/revoke`);
      if (revoke.dataset.then) window.location.assign(revoke.dataset.then);
      else window.location.reload();
    } catch (problem) {
      refused(problem.message);
      revoke.disabled = false;
    }
    return;
  }
  const copy = event.target.closest("button[data-copy]");
  if (copy) {
    const field = document.getElementById(copy.dataset.copy);
    field.select();
    try {
      await navigator.clipboard.writeText(field.value);
    } catch {
      document.execCommand("copy"); // no clipboard API off https: the selected text
    }
    say("Link copied.");
  }
});
