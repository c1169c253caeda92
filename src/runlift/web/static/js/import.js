// The Import page: files dropped or chosen go to POST …/imports (one job), whose progress is polled
// until it ends; then the exercise-name review is read again. A name changed in the review is sent to
// POST …/imports/names (every pair checked before any set moves).
import { api } from "./api.js";

const form = document.getElementById("upload");
const drop = document.getElementById("drop");
const input = document.getElementById("files");
const job = document.getElementById("job");
const bar = document.getElementById("job-progress");
const status = document.getElementById("job-status");
const problems = document.getElementById("job-problems");
const done = document.getElementById("job-done");
let dropped = null;

for (const name of ["dragenter", "dragover"]) {
  drop.addEventListener(name, (event) => {
    event.preventDefault();
    drop.classList.add("over");
  });
}
for (const name of ["dragleave", "drop"]) drop.addEventListener(name, () => drop.classList.remove("over"));
drop.addEventListener("drop", (event) => {
  event.preventDefault();
  dropped = event.dataTransfer.files;
  status.textContent = `${dropped.length} file(s) ready: press Import.`;
  job.hidden = false;
});
input.addEventListener("change", () => {
  dropped = null;
});

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function show(found) {
  const total = found.progress.total || 1;
  bar.max = total;
  bar.value = found.status === "done" ? total : found.progress.done;
  const words = { queued: "Waiting for a worker…", running: "Reading the files…", failed: "The import failed" };
  if (found.status !== "done") {
    status.textContent = `${words[found.status] || found.status}${found.error ? `: ${found.error}` : ""}`;
    return;
  }
  const s = found.summary;
  status.textContent = `Done: ${s.imported} imported, ${s.duplicates} already there, ${s.skipped.length} skipped (of ${s.files} files).`;
  problems.replaceChildren(
    ...[...s.skipped, ...s.warnings].map((p) => {
      const li = document.createElement("li");
      li.textContent = p.reason;
      return li;
    }),
  );
}

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  const files = dropped && dropped.length ? dropped : input.files;
  if (!files || !files.length) {
    job.hidden = false;
    status.textContent = "Choose or drop at least one file first.";
    return;
  }
  const body = new FormData();
  for (const file of files) body.append("files", file, file.name);
  const button = form.querySelector("button[type=submit]");
  button.disabled = true;
  job.hidden = false;
  done.hidden = true;
  problems.replaceChildren();
  status.textContent = "Uploading…";
  try {
    let found = await api("POST", form.dataset.upload, body);
    const where = `${form.dataset.upload}/${found.id}`;
    show(found);
    while (found.status === "queued" || found.status === "running") {
      await sleep(400);
      found = await api("GET", where);
      show(found);
    }
    if (found.status === "done") {
      done.hidden = false;
      await reloadNames();
    }
  } catch (error) {
    status.textContent = error.message;
  } finally {
    button.disabled = false;
    dropped = null;
  }
});

// --- the exercise-name review ---------------------------------------------------------------------
const names = document.getElementById("names");
const namesBody = document.getElementById("names-body");
const namesStatus = document.getElementById("names-status");

function cell(tag, text) {
  const el = document.createElement(tag);
  el.textContent = text;
  if (tag === "th") el.scope = "row";
  return el;
}

async function reloadNames() {
  const found = await api("GET", names.dataset.names);
  if (!found.mappings.length) return;
  namesBody.replaceChildren(
    ...found.mappings.map((m, i) => {
      const row = document.createElement("tr");
      const how = m.how === "fuzzy" ? `${m.how}, ${Math.round(m.score)} %` : m.how;
      const change = document.createElement("td");
      change.className = "mapping";
      const label = cell("label", `Change ${m.source} to`);
      label.className = "visually-hidden";
      label.htmlFor = `map-${i + 1}`;
      const field = document.createElement("input");
      field.id = `map-${i + 1}`;
      field.dataset.source = m.source;
      field.placeholder = m.exercise;
      field.autocomplete = "off";
      change.append(label, field);
      const matched = cell("td", `${m.name} `);
      const note = cell("span", `(${how})`);
      note.className = "muted";
      matched.append(note);
      row.append(cell("th", m.source), matched, change);
      return row;
    }),
  );
  if (!names.querySelector("button[type=submit]")) {
    const save = document.createElement("button");
    save.type = "submit";
    save.className = "primary";
    save.textContent = "Save the changes";
    names.insertBefore(save, namesStatus);
  }
}

names.addEventListener("submit", async (event) => {
  event.preventDefault();
  const mappings = [...names.querySelectorAll("input[data-source]")]
    .filter((field) => field.value.trim())
    .map((field) => ({ source: field.dataset.source, exercise: field.value.trim() }));
  if (!mappings.length) {
    namesStatus.textContent = "Type an exercise next to a name to change it.";
    return;
  }
  try {
    const answer = await api("POST", names.dataset.names, { mappings });
    namesStatus.textContent = answer.remapped.map((r) => `${r.source} → ${r.exercise}: ${r.sets} sets moved`).join("; ");
    await reloadNames();
  } catch (error) {
    namesStatus.textContent = error.message;
  }
});
