// The Today page at the gym (#13): tap a set to check it off as shown (POST …/log/sets), tap again to
// take it back (DELETE …/log/sets/{id}); edit its reps, weight and reps in reserve before or after
// (PATCH once logged); a rest timer from the prescription's rest; swap an exercise for a step back on
// its chain (POST …/swaps, MOD-1); "Why?" (GET …/plan/days/{day}/why); finish: what changes next time
// (GET …/today/next). Every write goes through the outbox: offline it answers {queued: true} and the
// page shows the set checked anyway (optimistic), and takes the set's id once it is sent.
import { api } from "./api.js";
import { say } from "./app.js";
import { queued, send, waiting } from "./outbox.js";

const root = document.getElementById("checkoff");
const athlete = document.body.dataset.athlete;
const day = root.dataset.day;
const base = `/api/v1/athletes/${athlete}`;
const RANG_WITHIN_MS = 60_000; // a rest that ended longer ago than this (the page reopened later) stays quiet

// --- one set -----------------------------------------------------------------------------------------

function cardOf(row) {
  return row.closest("[data-exercise]");
}

function fields(row) {
  const form = row.querySelector("form.set-edit");
  const number = (name) => {
    const input = form.elements[name];
    if (!input || input.value.trim() === "") return null;
    return Number(input.value);
  };
  return { reps: number("reps"), weight: form.elements.weight ? number("weight") : 0, rir: number("rir") };
}

function shown(row) {
  const card = cardOf(row);
  const { reps, weight, rir } = fields(row);
  const unit = row.dataset.unit;
  const suffix = { seconds: " s", meters: " m" }[card.dataset.measure];
  const amount = `${reps}${suffix || ""}`;
  let text;
  if (weight === null) text = `${amount} × ? ${unit}`;
  else if (weight) text = `${amount} × ${weight} ${unit}`;
  else text = suffix ? amount : `${reps} reps`;
  if (rir !== null) text += ` · RIR ${rir}`;
  row.querySelector(".set-values").textContent = text;
}

function label(row) {
  return `${cardOf(row).dataset.name}, ${row.querySelector(".set-label").textContent}`;
}

function mark(row, checked) {
  row.querySelector("button.check").setAttribute("aria-pressed", checked ? "true" : "false");
}

function checked(row) {
  return row.querySelector("button.check").getAttribute("aria-pressed") === "true";
}

async function check(row) {
  if (row.dataset.busy) return;
  if (row.dataset.key) {
    // checked offline, taken back, checked again before it was sent: it stays logged
    delete row.dataset.undo;
    mark(row, true);
    say(`${label(row)} checked: waiting to be sent.`);
    return;
  }
  const form = row.querySelector("form.set-edit");
  if (!form.checkValidity()) {
    row.querySelector("details.edit").open = true;
    form.reportValidity();
    const empty = [...form.elements].find((input) => input.validity && !input.validity.valid);
    if (empty) empty.focus();
    say(`${label(row)}: enter the ${empty && empty.name === "weight" ? "weight" : "numbers"} first.`);
    return;
  }
  const card = cardOf(row);
  const { reps, weight, rir } = fields(row);
  mark(row, true);
  startRest(Number(card.dataset.rest), card.dataset.name);
  row.dataset.busy = "1";
  try {
    const body = { date: day, exercise: card.dataset.exercise, sets: 1, reps, weight, side: row.dataset.side, rir };
    body.unit = row.dataset.unit;
    const done = await send({ method: "POST", url: `${base}/log/sets`, body, label: `${label(row)}: ${reps}` });
    if (done && done.queued) {
      row.dataset.key = done.key;
      say(`${label(row)} checked: waiting to be sent.`);
    } else {
      row.dataset.id = String(done.set_ids[0]);
      say(`${label(row)} logged.`);
    }
    keepDraft(row, null);
  } catch (error) {
    mark(row, false);
    stopRest();
    say(`Not logged: ${error.message}`);
  } finally {
    delete row.dataset.busy;
  }
  if (row.dataset.id) await settled(row); // a correction saved while it was on its way
}

async function uncheck(row, tapped = true) {
  if (row.dataset.busy) return;
  if (!row.dataset.id) {
    // not sent yet: taken back as soon as it is (outbox:sent below)
    row.dataset.undo = "1";
    mark(row, false);
    stopRest();
    say(`${label(row)} taken back: waiting to be sent.`);
    return;
  }
  mark(row, false);
  if (tapped) stopRest();
  row.dataset.busy = "1";
  try {
    const done = await send({ method: "DELETE", url: `${base}/log/sets/${row.dataset.id}`, label: `Undo ${label(row)}` });
    row.dataset.id = "";
    say(done && done.queued ? `${label(row)} taken back: waiting to be sent.` : `${label(row)} taken back.`);
  } catch (error) {
    mark(row, true);
    say(`Not taken back: ${error.message}`);
  } finally {
    delete row.dataset.busy;
  }
}

async function save(row) {
  const form = row.querySelector("form.set-edit");
  if (!form.reportValidity()) return;
  shown(row);
  const { reps, weight, rir } = fields(row);
  // a weight entered for one set is the next sets' weight too, where none is known yet
  if (form.elements.weight) {
    for (const later of cardOf(row).querySelectorAll("li.set")) {
      const input = later.querySelector("form.set-edit input[name=weight]");
      if (later !== row && !checked(later) && input.value.trim() === "") {
        input.value = String(weight);
        shown(later);
        keepDraft(later, fields(later));
      }
    }
  }
  row.querySelector("details.edit").open = false;
  row.querySelector("button.check").focus();
  if (!checked(row)) {
    keepDraft(row, { reps, weight, rir });
    say(`${label(row)}: ${row.querySelector(".set-values").textContent}. Tap it when done.`);
    return;
  }
  const body = form.elements.weight ? { reps, weight, rir } : { reps, rir };
  if (!row.dataset.id) {
    row.dataset.change = JSON.stringify(body); // sent once the set is (outbox:sent below)
    say(`${label(row)} corrected: waiting to be sent.`);
    return;
  }
  await correct(row, body);
}

async function correct(row, body) {
  try {
    const done = await send({ method: "PATCH", url: `${base}/log/sets/${row.dataset.id}`, body, label: `Correct ${label(row)}` });
    say(done && done.queued ? `${label(row)} corrected: waiting to be sent.` : `${label(row)} corrected.`);
  } catch (error) {
    say(`Not corrected: ${error.message}`);
  }
}

// Numbers edited on a set not checked off yet are kept on the phone until it is (a reload or a killed
// tab keeps them): runlift:drafts:ATHLETE:DAY → {"exercise:index": {reps, weight, rir}}.
const draftsKey = `runlift:drafts:${athlete}:${day}`;

function drafts() {
  try {
    return JSON.parse(localStorage.getItem(draftsKey) || "{}");
  } catch {
    return {};
  }
}

function draftOf(row) {
  const card = cardOf(row);
  return `${card.dataset.exercise}:${[...card.querySelectorAll("li.set")].indexOf(row)}`;
}

function keepDraft(row, values) {
  const all = drafts();
  if (values) all[draftOf(row)] = values;
  else delete all[draftOf(row)];
  if (Object.keys(all).length) localStorage.setItem(draftsKey, JSON.stringify(all));
  else localStorage.removeItem(draftsKey);
}

function restoreDrafts() {
  const all = drafts();
  for (const row of root.querySelectorAll("li.set")) {
    const draft = all[draftOf(row)];
    if (!draft || checked(row)) continue;
    const form = row.querySelector("form.set-edit");
    for (const name of ["reps", "weight", "rir"]) {
      if (form.elements[name]) form.elements[name].value = draft[name] === null ? "" : String(draft[name]);
    }
    shown(row);
  }
}

root.addEventListener("click", (event) => {
  const button = event.target.closest("button.check");
  if (!button) return;
  event.preventDefault(); // its form is for a page without script (pages/today.today_set)
  const row = button.closest("li.set");
  if (checked(row)) uncheck(row);
  else check(row);
});

root.addEventListener("submit", (event) => {
  const form = event.target;
  if (form.matches("form.set-edit")) {
    event.preventDefault();
    save(form.closest("li.set"));
  } else if (form.matches("form.swap-form")) {
    event.preventDefault();
    swap(form);
  } else if (form.matches("form.swap-back-form")) {
    event.preventDefault();
    swapBack(form);
  }
});

// Sets checked without signal: their ids come with the outbox's answer; a correction or a take-back made
// meanwhile follows then. A check the server refused is unchecked again.
function sentRow(key) {
  return key ? root.querySelector(`li.set[data-key="${CSS.escape(key)}"]`) : null;
}

document.addEventListener("outbox:sent", async (event) => {
  const row = sentRow(event.detail.key);
  const answer = event.detail.answer;
  if (!row || !answer || !answer.set_ids) return;
  row.dataset.id = String(answer.set_ids[0]);
  delete row.dataset.key;
  await settled(row);
});

// A set just given its id: a take-back or a correction made while it was on its way follows now.
async function settled(row) {
  if (row.dataset.undo) {
    delete row.dataset.undo;
    delete row.dataset.change;
    mark(row, true);
    await uncheck(row, false);
  } else if (row.dataset.change) {
    const body = JSON.parse(row.dataset.change);
    delete row.dataset.change;
    await correct(row, body);
  }
}

document.addEventListener("outbox:refused", (event) => {
  const row = sentRow(event.detail.key);
  if (!row) return;
  delete row.dataset.key;
  delete row.dataset.undo;
  delete row.dataset.change;
  mark(row, false);
  say(`Not logged: ${event.detail.message}`);
});

// A reload without signal shows the page as the server last sent it: the sets still waiting in the
// outbox are checked again here (each the next set of its exercise and side not checked yet).
async function restoreQueued() {
  let writes = [];
  try {
    writes = await queued();
  } catch {
    return;
  }
  for (const write of writes) {
    const body = write.body || {};
    if (write.method !== "POST" || !write.url.endsWith("/log/sets") || body.date !== day) continue;
    const card = root.querySelector(`[data-exercise="${CSS.escape(String(body.exercise))}"]`);
    const row =
      card &&
      [...card.querySelectorAll("li.set")].find(
        (r) => !checked(r) && !r.dataset.key && r.dataset.side === body.side,
      );
    if (!row) continue;
    row.dataset.key = write.key;
    mark(row, true);
  }
}

async function freshPage() {
  const response = await fetch(window.location.href, { credentials: "same-origin" });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return new DOMParser().parseFromString(await response.text(), "text/html");
}

restoreDrafts();
restoreQueued();

// --- the rest timer: a stored end time, so a locked screen or a reload loses nothing ---------------

const rest = document.getElementById("rest");
const clock = rest.querySelector(".rest-clock");
const restKey = `runlift:rest:${athlete}`;
let ticking = null;
let audio = null;

function stored() {
  try {
    return JSON.parse(localStorage.getItem(restKey) || "null");
  } catch {
    return null;
  }
}

function startRest(seconds, what) {
  if (!seconds) return;
  wakeAudio();
  keepAwake();
  localStorage.setItem(restKey, JSON.stringify({ end: Date.now() + seconds * 1000, what, day }));
  tick();
}

function stopRest() {
  localStorage.removeItem(restKey);
  tick();
}

function tick() {
  const timer = stored();
  if (!timer || timer.day !== day) {
    rest.hidden = true;
    clearInterval(ticking);
    ticking = null;
    letSleep();
    return;
  }
  const left = timer.end - Date.now();
  if (left <= 0) {
    localStorage.removeItem(restKey);
    rest.hidden = true;
    clearInterval(ticking);
    ticking = null;
    letSleep();
    if (-left < RANG_WITHIN_MS) restOver(timer.what);
    return;
  }
  const seconds = Math.ceil(left / 1000);
  clock.textContent = `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, "0")}`;
  rest.querySelector(".rest-what").textContent = `Rest · ${timer.what}`;
  rest.hidden = false;
  if (!ticking) ticking = setInterval(tick, 250);
}

// The screen stays on while a rest runs, where the browser allows it (Screen Wake Lock); if it locks
// anyway, the stored end time makes the clock right again when it is unlocked.
let awake = null;

async function keepAwake() {
  try {
    if (!awake && navigator.wakeLock) {
      awake = await navigator.wakeLock.request("screen");
      awake.addEventListener("release", () => {
        awake = null;
      });
    }
  } catch {
    awake = null; // not allowed (battery saver, a hidden page): the timer still computes from its end
  }
}

function letSleep() {
  if (awake) awake.release().catch(() => {});
  awake = null;
}

function restOver(what) {
  say(`Rest over: next set${what ? ` (${what})` : ""}.`);
  if (navigator.vibrate) navigator.vibrate([250, 120, 250]);
  beep();
}

function wakeAudio() {
  // made on a tap, so the browser lets it sound later (autoplay rules); silent where not allowed
  try {
    const Context = window.AudioContext || window.webkitAudioContext;
    if (Context && !audio) audio = new Context();
    if (audio && audio.state === "suspended") audio.resume();
  } catch {
    audio = null;
  }
}

function beep() {
  if (!audio) return;
  try {
    const tone = audio.createOscillator();
    const gain = audio.createGain();
    tone.frequency.value = 880;
    gain.gain.value = 0.2;
    tone.connect(gain).connect(audio.destination);
    tone.start();
    tone.stop(audio.currentTime + 0.25);
  } catch {
    // no sound: the status line and the vibration say it
  }
}

document.getElementById("skip-rest").addEventListener("click", () => {
  stopRest();
  say("Rest skipped.");
});
document.addEventListener("visibilitychange", () => {
  if (document.hidden) return;
  tick();
  if (stored()) keepAwake(); // a wake lock ends when the page is hidden
});
window.addEventListener("storage", (event) => {
  if (event.key === restKey) tick();
});
tick();

// --- swap: a step back on the exercise's chain (MOD-1, MOD-2), shown in its place; a stand-in's swap
// back (POST …/swaps/undo, MOD-2) returns the exercise it replaced ------------------------------------

function swap(form) {
  const body = { date: day, exercise: cardOf(form).dataset.exercise, reason: form.elements.reason.value };
  return stepCard(form, { url: `${base}/swaps`, body, label: "Swap", failed: "Not swapped" }, () => {
    form.closest("details").open = false;
    return "the swap waits to be sent; its easier step shows once it is.";
  });
}

function swapBack(form) {
  const body = { date: day, exercise: cardOf(form).dataset.exercise };
  const request = { url: `${base}/swaps/undo`, body, label: "Swap back", failed: "Not swapped back" };
  return stepCard(form, request, () => "the swap back waits to be sent; the exercise returns once it is.");
}

// Send a swap (or its undo); once answered, the card of what now stands in the exercise's place replaces
// this one, from the page as the server now renders it, and takes the focus.
async function stepCard(form, request, queuedText) {
  const card = cardOf(form);
  const button = form.querySelector("button[type=submit]");
  const refusal = form.querySelector(".refusal");
  refusal.hidden = true;
  button.disabled = true;
  try {
    const { url, body, label } = request;
    const done = await send({ method: "POST", url, body, label: `${label} ${card.dataset.name}` });
    if (done && done.queued) {
      say(`${card.dataset.name}: ${queuedText()}`);
      return;
    }
    const fresh = await freshPage();
    const now = done.replacement || done.exercise;
    const standing = fresh.querySelector(`[data-exercise="${now}"]`);
    if (standing) {
      card.replaceWith(document.importNode(standing, true));
      const heading = root.querySelector(`[data-exercise="${now}"] .exercise-name`);
      heading.tabIndex = -1;
      heading.focus();
    }
    say(done.note);
  } catch (error) {
    refusal.textContent = error.message;
    refusal.hidden = false;
    say(`${request.failed}: ${error.message}`);
  } finally {
    button.disabled = false;
  }
}

// --- why? the rules behind a prescription, with their sources ---------------------------------------

root.addEventListener(
  "toggle",
  async (event) => {
    const details = event.target;
    if (!details.matches || !details.matches("details.why") || !details.open || details.dataset.loaded) return;
    details.dataset.loaded = "1";
    const box = details.querySelector(".why-text");
    try {
      const why = await api("GET", `${base}/plan/days/${day}/why?exercise=${encodeURIComponent(details.dataset.why)}`);
      const said = [];
      if (why.exercise && why.exercise.note) {
        const note = document.createElement("p"); // this exercise's own reason first (a swap's: MOD-1)
        note.className = "why-note";
        note.textContent = why.exercise.note;
        said.push(note);
      }
      const list = document.createElement("dl");
      for (const rule of why.rules) {
        const term = document.createElement("dt");
        term.textContent = `${rule.id} · ${rule.title}`;
        const text = document.createElement("dd");
        text.textContent = rule.plain || rule.text;
        list.append(term, text);
        if (rule.sources.length) {
          const source = document.createElement("dd");
          source.className = "muted source";
          source.textContent = `Source: ${rule.sources.map((s) => (s.author ? `${s.title} (${s.author})` : s.title)).join("; ")}`;
          list.append(source);
        }
      }
      box.replaceChildren(...said, list);
    } catch (error) {
      delete details.dataset.loaded;
      const note = document.createElement("p");
      note.className = "muted";
      note.textContent = `The rules' text could not be loaded: ${error.message}`;
      box.append(note);
    }
  },
  true,
);

// --- finish: what changes next time -----------------------------------------------------------------

const STEPS = {
  progress: "Progress",
  hold: "Hold",
  reset: "Reset",
  deload: "Deload",
  regress: "Step back",
  none: "Not planned again",
};

document.getElementById("finish").addEventListener("click", async (event) => {
  const button = event.currentTarget;
  const box = document.getElementById("next-time");
  const list = box.querySelector(".next-list");
  button.disabled = true;
  stopRest();
  try {
    const count = await waiting();
    if (count) {
      say(`${count} change(s) wait to be sent: what changes next time shows once they are.`);
      return;
    }
    const next = await api("GET", `${base}/today/next?date=${day}`);
    list.replaceChildren(
      ...next.exercises.map((x) => {
        const item = document.createElement("li");
        item.dataset.step = x.step;
        const name = document.createElement("strong");
        name.textContent = x.name;
        const step = document.createElement("span");
        step.className = `step step-${x.step}`;
        step.textContent = STEPS[x.step] || x.step;
        const note = document.createElement("p");
        note.textContent = x.note;
        item.append(name, " ", step, note);
        if (x.date && x.target) {
          const when = document.createElement("p");
          when.className = "muted";
          when.textContent = `Next: ${x.date} · ${x.target}`;
          item.append(when);
        }
        return item;
      }),
    );
    box.hidden = false;
    document.getElementById("next-title").focus();
    say("Session finished.");
  } catch (error) {
    say(`What changes next time could not be loaded: ${error.message}`);
  } finally {
    button.disabled = false;
  }
});
