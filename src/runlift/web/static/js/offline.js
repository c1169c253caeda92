// The layout's part of working without signal (#13), loaded on every page by app.js:
// - registers the service worker (/sw.js, scope "/") and, on an athlete's pages, asks it to keep what
//   the gym needs (GET /a/ID/offline: Today, the coming days, the app shell) at most every KEEP_EVERY ms,
//   once the page has been open KEEP_AFTER ms;
// - says in the layout's status area what waits in the outbox ("2 sets waiting to be sent") and what
//   the server refused;
// - signing out, or the sign-in page, drops the kept pages (they hold the athlete's data); the waiting
//   writes stay.
import { queued } from "./outbox.js";

const KEEP_EVERY = 10 * 60 * 1000;
const KEEP_AFTER = 2000; // ms on the page before the worker is asked to keep the list (~16 page and JSON fetches)
const KEPT_MARK = "runlift:kept:"; // localStorage: when this list was last kept (ms)
const line = document.getElementById("outbox-status");

// What one waiting write is, by its route: [one, several].
const NOUNS = [
  [/\/log\/sets$/, ["set", "sets"]],
  [/\/log\/sessions$/, ["session", "sessions"]],
  [/\/log\/runs$/, ["run", "runs"]],
  [/\/log\/pain$/, ["pain note", "pain notes"]],
  [/\/log\/bodyweight$/, ["body weight", "body weights"]],
  [/\/swaps?$/, ["swap", "swaps"]],
];

function noun(write) {
  const path = write.url.split("?")[0];
  const found = NOUNS.find(([pattern]) => pattern.test(path));
  return found ? found[1] : ["change", "changes"];
}

// "2 sets waiting to be sent", "2 sets and 1 run waiting to be sent"
export function waitingText(writes) {
  if (!writes.length) return "";
  const counts = new Map();
  for (const write of writes) {
    const [one, several] = noun(write);
    const seen = counts.get(one) || { n: 0, several };
    seen.n += 1;
    counts.set(one, seen);
  }
  const parts = [...counts].map(([one, { n, several }]) => `${n} ${n === 1 ? one : several}`);
  const list = parts.length > 1 ? `${parts.slice(0, -1).join(", ")} and ${parts.at(-1)}` : parts[0];
  return `${list} waiting to be sent`;
}

let refused = [];

async function show() {
  if (!line) return;
  const writes = await queued();
  const words = [];
  const text = waitingText(writes);
  if (text) words.push(navigator.onLine ? `${text}.` : `No signal: ${text}.`);
  for (const r of refused) words.push(`Not sent: ${r.label || "a change"}: ${r.message}`);
  line.textContent = words.join(" ");
  line.title = writes.map((w) => w.label).filter(Boolean).join("; ");
}

document.addEventListener("outbox:change", show);
document.addEventListener("outbox:refused", (event) => {
  refused = [...refused.slice(-2), event.detail];
  show();
});
document.addEventListener("outbox:signin", () => {
  if (line) line.textContent = `${line.textContent.replace(/ Sign in.*$/, "")} Sign in again to send them.`;
});
window.addEventListener("online", show);
window.addEventListener("offline", show);
show();

// --- the service worker ------------------------------------------------------------------------
function keepList() {
  const athlete = document.body.dataset.athlete;
  return athlete ? `/a/${athlete}/offline` : null;
}

function forgetMarks() {
  for (const key of Object.keys(localStorage)) if (key.startsWith(KEPT_MARK)) localStorage.removeItem(key);
}

function askToKeep(worker) {
  const list = keepList();
  if (!list || !navigator.onLine) return;
  const last = Number(localStorage.getItem(KEPT_MARK + list) || 0);
  if (Date.now() - last < KEEP_EVERY) {
    document.documentElement.dataset.offline = "kept";
    return;
  }
  // after the page has been open a moment: a page glanced at on the way elsewhere costs the server nothing
  setTimeout(() => {
    if (document.visibilityState === "visible") worker.postMessage({ type: "keep", list });
  }, KEEP_AFTER);
}

if ("serviceWorker" in navigator && window.isSecureContext) {
  navigator.serviceWorker.addEventListener("message", (event) => {
    const message = event.data || {};
    if (message.type === "kept") {
      localStorage.setItem(KEPT_MARK + message.list, String(Date.now()));
      document.documentElement.dataset.offline = "kept"; // Today and the coming days open without signal
      document.dispatchEvent(new CustomEvent("offline:kept", { detail: message }));
    }
  });
  navigator.serviceWorker
    .register("/sw.js", { scope: "/" })
    .then(() => navigator.serviceWorker.ready)
    .then((registration) => registration.active && askToKeep(registration.active))
    .catch((error) => console.warn(`runlift: the service worker is not installed: ${error}`));

  // The sign-in page (signed out, or the session ran out): nobody's pages stay kept on this device.
  if (document.querySelector('form[action="/login"]')) {
    forgetMarks();
    navigator.serviceWorker.ready.then((registration) => registration.active?.postMessage({ type: "forget" }));
  }

  // Signing out: the kept pages go (another person may use this device); then the form is sent.
  const signout = document.querySelector("form.signout");
  if (signout) {
    signout.addEventListener("submit", async (event) => {
      if (signout.dataset.forgotten) return;
      event.preventDefault();
      forgetMarks();
      const registration = await navigator.serviceWorker.getRegistration("/");
      if (registration && registration.active) {
        await new Promise((resolve) => {
          navigator.serviceWorker.addEventListener("message", (e) => e.data?.type === "forgotten" && resolve(), { once: false });
          registration.active.postMessage({ type: "forget" });
          setTimeout(resolve, 1500);
        });
      }
      signout.dataset.forgotten = "1";
      signout.requestSubmit();
    });
  }
}
