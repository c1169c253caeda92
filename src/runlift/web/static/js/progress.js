// The Progress page's charts, drawn with uPlot (static/vendor/uplot, loaded before this module as the
// global `uPlot`) from the series the page carries (the JSON of GET …/progress/series). Each chart has
// a table beside it in the page for screen readers; the canvases are hidden from them.
/* global uPlot */

const data = JSON.parse(document.getElementById("series-data").textContent);
const miles = data.unit === "lb";
const perMetre = miles ? 1 / 1609.344 : 1 / 1000;
const distUnit = miles ? "mi" : "km";
const day = (iso) => Date.parse(`${iso}T00:00:00Z`) / 1000;
const weeks = data.weeks.map(day);
const charts = [];

// Colours from the layout's variables, so light and dark follow the system.
function palette() {
  const css = getComputedStyle(document.documentElement);
  const v = (name) => css.getPropertyValue(name).trim();
  return {
    text: v("--text"),
    muted: v("--muted"),
    line: v("--line"),
    series: [v("--accent"), v("--warn"), v("--focus"), v("--danger"), v("--ok"), v("--muted")],
  };
}

function axis(colors, extra = {}) {
  return {
    stroke: colors.muted,
    grid: { stroke: colors.line, width: 1 },
    ticks: { stroke: colors.line, width: 1 },
    font: "12px system-ui, sans-serif",
    ...extra,
  };
}

function widthOf(el) {
  return Math.max(260, Math.floor(el.clientWidth || el.parentElement.clientWidth || 320));
}

function heightFor(width) {
  return width < 480 ? 200 : 260;
}

// One chart: `build(colors)` gives [options without size, data]; rebuilt when the colour scheme changes.
function chart(id, build) {
  const el = document.getElementById(id);
  if (!el || typeof uPlot === "undefined") return;
  const entry = { el, build, plot: null };
  const draw = () => {
    if (entry.plot) entry.plot.destroy();
    const [options, columns] = build(palette());
    const width = widthOf(el);
    const opts = {
      width,
      height: heightFor(width),
      tzDate: (ts) => uPlot.tzDate(new Date(ts * 1e3), "Etc/UTC"),
      legend: { live: false },
      cursor: { drag: { x: false, y: false } },
      ...options,
    };
    entry.plot = new uPlot(opts, columns, el);
    el.dataset.points = String(columns[0].length);
  };
  entry.draw = draw;
  draw();
  charts.push(entry);
}

const bars = () => (uPlot.paths && uPlot.paths.bars ? uPlot.paths.bars({ size: [0.6, 40] }) : undefined);
const round = (n, digits = 1) => (n == null ? "—" : Number(n).toFixed(digits));
const weekAxis = (colors) => axis(colors, { space: 60 });

function e1rmChart() {
  const select = document.getElementById("lift");
  if (!select) return;
  // open on the lift logged on the most days (the options stay in name order)
  const most = data.lifts.reduce((a, b) => (b.points.length > a.points.length ? b : a), data.lifts[0]);
  select.value = most.exercise;
  chart("chart-e1rm", (c) => {
    const lift = data.lifts.find((x) => x.exercise === select.value) || data.lifts[0];
    const points = lift.points;
    return [
      {
        scales: { x: { time: true }, y: { auto: true } },
        axes: [weekAxis(c), axis(c, { label: `e1RM (${data.unit})`, size: 56 })],
        series: [
          { label: "Day" },
          { label: `${lift.name}`, stroke: c.series[0], width: 2, points: { show: true, size: 6 }, value: (u, v) => round(v) },
          {
            label: "PR",
            stroke: c.series[1],
            width: 0,
            paths: () => null,
            points: { show: true, size: 11, stroke: c.series[1], fill: c.series[1] },
            value: (u, v) => round(v),
          },
        ],
      },
      [points.map((p) => day(p.date)), points.map((p) => p.e1rm), points.map((p) => (p.pr ? p.e1rm : null))],
    ];
  });
  select.addEventListener("change", () => {
    const entry = charts.find((x) => x.el.id === "chart-e1rm");
    if (entry) entry.draw();
  });
}

function runningChart() {
  chart("chart-running", (c) => [
    {
      scales: { x: { time: true }, dist: { auto: true, range: (u, lo, hi) => [0, Math.max(1, hi)] }, acwr: { range: [0, 2] } },
      axes: [
        weekAxis(c),
        axis(c, { scale: "dist", label: `Distance (${distUnit})`, size: 56 }),
        axis(c, { scale: "acwr", side: 1, label: "ACWR", size: 48, grid: { show: false } }),
      ],
      series: [
        { label: "Week of" },
        { label: `Distance (${distUnit})`, scale: "dist", stroke: c.series[0], fill: `${c.series[0]}55`, paths: bars(), value: (u, v) => round(v) },
        { label: "ACWR", scale: "acwr", stroke: c.series[1], width: 2, points: { show: true, size: 5 }, value: (u, v) => round(v, 2) },
        { label: `Spike (${data.running.acwr_spike})`, scale: "acwr", stroke: c.series[3], width: 1, dash: [6, 4], points: { show: false } },
      ],
    },
    [
      weeks,
      data.running.distance_m.map((m) => m * perMetre),
      data.running.acwr,
      weeks.map(() => data.running.acwr_spike),
    ],
  ]);
  chart("chart-load", (c) => [
    {
      scales: { x: { time: true }, load: { range: (u, lo, hi) => [0, Math.max(1, hi)] }, sets: { range: (u, lo, hi) => [0, Math.max(1, hi)] } },
      axes: [
        weekAxis(c),
        axis(c, { scale: "load", label: "Run load", size: 56 }),
        axis(c, { scale: "sets", side: 1, label: "Lift sets", size: 44, grid: { show: false } }),
      ],
      series: [
        { label: "Week of" },
        { label: "Run load (RPE × min)", scale: "load", stroke: c.series[0], width: 2, value: (u, v) => round(v, 0) },
        { label: "Lift sets", scale: "sets", stroke: c.series[2], width: 2, dash: [4, 3], value: (u, v) => round(v, 0) },
      ],
    },
    [weeks, data.running.load, data.lifting.sets],
  ]);
}

function linesChart(id, columns, { label, range, value, gaps = false }) {
  const names = Object.keys(columns);
  if (!names.length) return;
  chart(id, (c) => [
    {
      scales: { x: { time: true }, y: range ? { range } : { auto: true } },
      axes: [weekAxis(c), axis(c, { label, size: 50 })],
      series: [
        { label: "Week of" },
        ...names.map((name, i) => ({
          label: name,
          stroke: c.series[i % c.series.length],
          width: 2,
          dash: i >= c.series.length ? [5, 3] : undefined,
          spanGaps: gaps,
          points: { show: true, size: 5 },
          value: value || ((u, v) => round(v, 0)),
        })),
      ],
    },
    [weeks, ...names.map((n) => columns[n])],
  ]);
}

function adherenceChart() {
  chart("chart-adherence", (c) => [
    {
      scales: { x: { time: true }, y: { range: (u, lo, hi) => [0, Math.max(2, hi)] } },
      axes: [weekAxis(c), axis(c, { label: "Sessions", size: 44 })],
      series: [
        { label: "Week of" },
        { label: "Planned", stroke: c.muted, width: 2, dash: [5, 3], value: (u, v) => round(v, 0) },
        { label: "Done", stroke: c.series[0], fill: `${c.series[0]}55`, paths: bars(), value: (u, v) => round(v, 0) },
      ],
    },
    [weeks, data.adherence.planned, data.adherence.done],
  ]);
}

e1rmChart();
runningChart();
linesChart("chart-patterns", data.patterns, { label: "Sets" });
linesChart(
  "chart-sides",
  Object.fromEntries(data.asymmetry.map((x) => [x.name, x.ratio.map((r) => (r == null ? null : r * 100))])),
  { label: "Weaker / stronger %", range: [50, 100], value: (u, v) => (v == null ? "—" : `${Math.round(v)} %`) },
);
linesChart("chart-pain", data.pain, { label: "Pain 0-10", range: [0, 10] });
adherenceChart();

// Phones turn, windows resize, the system goes dark: redraw at the new size or colours.
let pending = 0;
const redraw = () => {
  cancelAnimationFrame(pending);
  pending = requestAnimationFrame(() => charts.forEach((entry) => entry.draw()));
};
window.addEventListener("resize", redraw);
window.matchMedia("(prefers-color-scheme: dark)").addEventListener("change", redraw);
document.body.dataset.chartsReady = String(charts.length);
