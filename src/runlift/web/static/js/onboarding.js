// The onboarding form (#13), made a little nicer with script: the units shown beside the inputs follow
// the units chosen, "Add another race" adds a row, after a refused post the list of problems takes the
// focus, and a "did you mean" word is one tap away ("Use 10k"). The form works without this file (a plain post; three race rows).
const form = document.getElementById("runner-form");
const MAX_ROWS = 20;

function showUnits() {
  const chosen = form.querySelector('input[name="athlete.units"]:checked');
  const lb = chosen && chosen.value === "lb";
  for (const span of document.querySelectorAll('[data-unit="weight"]')) span.textContent = lb ? "lb" : "kg";
  for (const span of document.querySelectorAll('[data-unit="distance"]')) span.textContent = lb ? "mi" : "km";
}

function addRace(button) {
  const rows = form.querySelectorAll("[data-race-row]");
  const last = rows[rows.length - 1];
  const row = rows.length;
  if (!last || row >= MAX_ROWS) return;
  const copy = last.cloneNode(true);
  copy.dataset.raceRow = String(row);
  copy.querySelector("legend").textContent = `Race ${row + 1}`;
  for (const el of copy.querySelectorAll("[id], [for], [name], [aria-describedby]")) {
    for (const attr of ["id", "for", "name"]) {
      const value = el.getAttribute(attr);
      if (value) el.setAttribute(attr, value.replace(/race([[-])\d+/, `race$1${row}`));
    }
  }
  for (const error of copy.querySelectorAll(".field-error")) error.remove();
  for (const el of copy.querySelectorAll("[aria-invalid]")) el.removeAttribute("aria-invalid");
  for (const el of copy.querySelectorAll("[aria-describedby]")) {
    const kept = el.getAttribute("aria-describedby").split(" ").filter((id) => id.startsWith("h-"));
    if (kept.length) el.setAttribute("aria-describedby", kept.join(" "));
    else el.removeAttribute("aria-describedby");
  }
  for (const input of copy.querySelectorAll("input")) input.value = "";
  const priority = copy.querySelector("select");
  if (priority) priority.value = "B";
  last.after(copy);
  copy.querySelector("input").focus();
  if (row + 1 >= MAX_ROWS) button.hidden = true;
}

if (form) {
  for (const radio of form.querySelectorAll('input[name="athlete.units"]')) radio.addEventListener("change", showUnits);
  const add = form.querySelector(".add-race");
  if (add) {
    add.hidden = false;
    add.addEventListener("click", () => addRace(add));
  }
  for (const use of document.querySelectorAll("button.use-close")) use.hidden = false;
  document.addEventListener("click", (event) => {
    const use = event.target.closest("button.use-close");
    const input = use && document.getElementById(use.dataset.for);
    if (!input) return;
    input.value = use.dataset.value;
    input.focus();
    use.remove();
  });
  const problems = document.getElementById("problems");
  if (problems) problems.focus();
}
