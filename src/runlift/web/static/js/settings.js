// The Settings page: every change through the JSON API (api.js adds the CSRF token and an
// Idempotency-Key). Secrets (a calendar address, a new API token) are shown once in a read-only field
// with a Copy button; they are never logged, stored by the page, or put in the page's address.
import { api as call, ApiError } from "./api.js";
import { say } from "./app.js";

const athlete = document.body.dataset.athlete;

// A write that never reached the server (no signal) says so; settings are not queued for later.
async function api(...args) {
  try {
    return await call(...args);
  } catch (error) {
    if (error instanceof ApiError) throw error;
    throw new Error("no connection to runlift: nothing was changed; try again with signal");
  }
}
const base = `/api/v1/athletes/${athlete}`;

function showError(id, message) {
  const box = document.getElementById(id);
  if (!box) return;
  box.textContent = message || "";
  box.hidden = !message;
}

// "10, 15, 20" → [10, 15, 20]; a word that is not a positive number is named, not dropped.
function weights(text, label) {
  const parts = text.split(/[,;\s]+/).filter(Boolean);
  return parts.map((part) => {
    const value = Number(part.replace(/(kg|lb)$/i, ""));
    if (!Number.isFinite(value) || value <= 0) throw new Error(`${label}: expected positive numbers, got "${part}"`);
    return value;
  });
}

function busy(form, on) {
  for (const button of form.querySelectorAll("button")) button.disabled = on;
}

document.getElementById("units-form")?.addEventListener("submit", async (event) => {
  event.preventDefault();
  const form = event.currentTarget;
  const units = form.elements.units.value;
  showError("units-error", "");
  busy(form, true);
  try {
    const now = await api("PATCH", `${base}/units-and-weights`, { units });
    say(now.changed ? `Units saved: ${now.units} and ${now.distance_unit}.` : "The units were already so.");
    window.location.reload();
  } catch (error) {
    showError("units-error", error.message);
    busy(form, false);
  }
});

document.getElementById("weights-form")?.addEventListener("submit", async (event) => {
  event.preventDefault();
  const form = event.currentTarget;
  showError("weights-error", "");
  let body;
  try {
    const bar = weights(form.elements.bar.value, "Barbell");
    if (bar.length > 1) throw new Error("Barbell: expected one number, the empty bar's weight");
    body = {
      weights: {
        dumbbells: weights(form.elements.dumbbells.value, "Dumbbells"),
        kettlebells: weights(form.elements.kettlebells.value, "Kettlebells"),
        bar: bar.length ? bar[0] : null,
        plates: weights(form.elements.plates.value, "Plates"),
      },
      equipment: [...form.querySelectorAll('input[name="equipment"]:checked')].map((box) => box.value),
    };
  } catch (error) {
    showError("weights-error", error.message);
    return;
  }
  busy(form, true);
  try {
    const now = await api("PATCH", `${base}/units-and-weights`, body);
    say(now.changed ? "Weights saved: loads round to them from today." : "Nothing changed.");
  } catch (error) {
    showError("weights-error", error.message);
  } finally {
    busy(form, false);
  }
});

// Copy a secret: the clipboard where the browser allows it, else select it for the person to copy.
async function copy(input) {
  input.focus();
  input.select();
  try {
    if (!navigator.clipboard || !window.isSecureContext) throw new Error("no clipboard");
    await navigator.clipboard.writeText(input.value);
    say("Copied.");
  } catch {
    const copied = document.execCommand && document.execCommand("copy");
    say(copied ? "Copied." : "Selected: copy it with your device's copy command.");
  }
}

function confirmed(button) {
  const question = button.dataset.confirm;
  return !question || window.confirm(question);
}

function reveal(blockId, inputId, secret) {
  const input = document.getElementById(inputId);
  input.value = secret;
  document.getElementById(blockId).hidden = false;
  input.focus();
  input.select();
}

async function makeFeed(button) {
  button.disabled = true;
  try {
    const feed = await api("POST", `${base}/calendar-feed`);
    reveal("feed-new", "feed-url", feed.url);
    document.getElementById("feed-status").textContent =
      "A new feed is live: subscribe to the address below. Any earlier address has stopped.";
    document.getElementById("feed-revoke").hidden = false;
    button.textContent = "Make a new address";
    say("Calendar address made.");
  } catch (error) {
    say(`Not made: ${error.message}`);
  } finally {
    button.disabled = false;
  }
}

async function revokeFeed(button) {
  if (!confirmed(button)) return;
  button.disabled = true;
  try {
    await api("DELETE", `${base}/calendar-feed`);
    document.getElementById("feed-url").value = "";
    document.getElementById("feed-new").hidden = true;
    document.getElementById("feed-status").textContent = "No feed: the address stopped working.";
    document.getElementById("feed-make").textContent = "Make a calendar address";
    button.hidden = true;
    say("Calendar feed revoked.");
  } catch (error) {
    say(`Not revoked: ${error.message}`);
  } finally {
    button.disabled = false;
  }
}

document.getElementById("token-form")?.addEventListener("submit", async (event) => {
  event.preventDefault();
  const form = event.currentTarget;
  const name = form.elements.name.value.trim();
  showError("token-error", name ? "" : "Name: give the token a name, e.g. watch");
  if (!name) return;
  busy(form, true);
  try {
    const made = await api("POST", "/api/v1/auth/tokens", { name, scope: form.elements.scope.value });
    reveal("token-new", "token-secret", made.token);
    listToken(made);
    form.reset();
    say(`Token ${made.name} made: copy it now, it is not shown again.`);
  } catch (error) {
    showError("token-error", error.message);
  } finally {
    busy(form, false);
  }
});

// The new token joins the list (its name and prefix only: never the secret).
function listToken(made) {
  const row = document.getElementById("token-row").content.firstElementChild.cloneNode(true);
  row.dataset.token = made.id;
  row.querySelector('[data-field="name"]').textContent = made.name;
  row.querySelector('[data-field="prefix"]').textContent = `${made.prefix}…`;
  row.querySelector('[data-field="scope"]').textContent = made.scope;
  row.querySelector('[data-field="label"]').textContent = ` ${made.name}`;
  const button = row.querySelector("button");
  button.dataset.revokeToken = made.id;
  button.dataset.confirm = `Revoke the token ${made.name}? Anything using it is refused from now on.`;
  document.getElementById("token-rows").append(row);
  document.getElementById("tokens-wrap").hidden = false;
  document.getElementById("no-tokens").hidden = true;
}

async function revokeToken(button) {
  if (!confirmed(button)) return;
  button.disabled = true;
  try {
    await api("DELETE", `/api/v1/auth/tokens/${button.dataset.revokeToken}`);
    const cell = button.parentElement;
    cell.textContent = "revoked";
    cell.classList.add("muted");
    say("Token revoked.");
  } catch (error) {
    say(`Not revoked: ${error.message}`);
    button.disabled = false;
  }
}

async function invitation(button, action, body) {
  if (!confirmed(button)) return;
  button.disabled = true;
  showError("coach-error", "");
  try {
    await api("POST", `/api/v1/invitations/${button.dataset[action === "accept" ? "acceptInvitation" : "revokeInvitation"]}/${action}`, body);
    window.location.reload();
  } catch (error) {
    showError("coach-error", error.message);
    button.disabled = false;
  }
}

// An invitation link (or its number) opens the invitation's page, where it is accepted or declined.
document.getElementById("invitation-form")?.addEventListener("submit", (event) => {
  event.preventDefault();
  const code = event.currentTarget.elements.code.value.trim();
  const found = code.match(/(?:^|\/invitations\/)(\d+)\/?(?:[?#].*)?$/);
  showError("coach-error", found ? "" : `Invitation: expected a link like …/invitations/12 or its number, got "${code}"`);
  if (found) window.location.assign(`/invitations/${found[1]}`);
});

document.addEventListener("click", (event) => {
  const button = event.target.closest("button");
  if (!button) return;
  if (button.dataset.copy) copy(document.getElementById(button.dataset.copy));
  else if (button.id === "feed-make") makeFeed(button);
  else if (button.id === "feed-revoke") revokeFeed(button);
  else if (button.dataset.revokeToken) revokeToken(button);
  else if (button.dataset.acceptInvitation) invitation(button, "accept", { athlete_id: Number(athlete) });
  else if (button.dataset.revokeInvitation) invitation(button, "revoke", {});
});
