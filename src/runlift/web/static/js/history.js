// The Log page: each item's Edit opens its form (sent as a PATCH of the fields shown, through the JSON
// API with an Idempotency-Key), Delete asks first; the page reloads to show the log as stored.
import { api } from "./api.js";

const message = document.getElementById("log-message");

function tell(text, error = false) {
  message.textContent = text;
  message.classList.toggle("error", error);
}

document.addEventListener("click", async (event) => {
  const edit = event.target.closest("[data-edit]");
  if (edit) {
    const form = document.getElementById(`edit-${edit.dataset.edit}`);
    form.hidden = !form.hidden;
    edit.setAttribute("aria-expanded", String(!form.hidden));
    if (!form.hidden) form.querySelector("input, select").focus();
    return;
  }
  const remove = event.target.closest("[data-delete]");
  if (remove) {
    if (!window.confirm(`Delete the ${remove.dataset.what}?`)) return;
    remove.disabled = true;
    try {
      await api("DELETE", remove.dataset.delete);
      tell("Deleted.");
      window.location.reload();
    } catch (error) {
      remove.disabled = false;
      tell(error.message, true);
    }
  }
});

// A form's fields as the API wants them: numbers as numbers (scaled: km → m, minutes → s), an empty
// optional field as null (cleared), every other field as text.
function changes(form) {
  const body = {};
  for (const field of form.elements) {
    if (!field.name) continue;
    if (field.type === "number") {
      if (field.value === "") {
        if (field.dataset.optional !== undefined) body[field.name] = null;
        continue;
      }
      const scale = Number(field.dataset.scale || 1);
      body[field.name] = Math.round(Number(field.value) * scale * 1000) / 1000;
    } else {
      body[field.name] = field.value;
    }
  }
  return body;
}

document.addEventListener("submit", async (event) => {
  const form = event.target.closest("form[data-patch]");
  if (!form) return;
  event.preventDefault();
  const button = form.querySelector("button[type=submit]");
  button.disabled = true;
  try {
    await api("PATCH", form.dataset.patch, changes(form));
    tell("Saved.");
    window.location.reload();
  } catch (error) {
    button.disabled = false;
    tell(error.message, true);
  }
});
