// The Season page: move a coming lift session to another day of its week, or undo a move, through the
// JSON API; a refusal (409/422) is shown beside the form with its one-line reason (SCH-3 …).
import { api } from "./api.js";
import { say } from "./app.js";

const athlete = document.body.dataset.athlete;
const base = `/api/v1/athletes/${athlete}/plan/moves`;

document.addEventListener("submit", async (event) => {
  const form = event.target.closest("form.move");
  if (!form) return;
  event.preventDefault();
  const refusal = form.querySelector(".refusal");
  const button = form.querySelector("button[type=submit]");
  refusal.hidden = true;
  button.disabled = true;
  try {
    const moved = await api("POST", base, { day: form.dataset.day, to: form.elements.to.value });
    say(moved.note);
    window.location.reload();
  } catch (error) {
    refusal.textContent = error.message;
    refusal.hidden = false;
    say(`Not moved: ${error.message}`);
    button.disabled = false;
  }
});

document.addEventListener("click", async (event) => {
  const button = event.target.closest("button.undo");
  if (!button) return;
  button.disabled = true;
  try {
    const back = await api("DELETE", `${base}/${button.dataset.day}`);
    say(back.note);
    window.location.reload();
  } catch (error) {
    say(`Not undone: ${error.message}`);
    button.disabled = false;
  }
});
