// runlift's service worker (#13), served at /sw.js so that it controls every page (scope "/").
//
// - Static assets (/static/…?v=HASH): cache first; a hashed URL never changes. Without a hash (a module's
//   `import "./api.js"`): network first, the kept copy without signal.
// - Pages and the JSON they read (GET only): network first, the kept copy without signal (or after
//   NAVIGATION_WAIT when a copy is kept and the network hangs, as gym Wi-Fi does); the copy is refreshed
//   from every answer. A page with no kept copy says so.
// - Writes (POST, PUT, PATCH, DELETE) are never touched or cached: the outbox (js/outbox.js) keeps them.
// - A page of an athlete posts {type: "keep", list: "/a/ID/offline"}: the worker fetches that list and
//   keeps the app shell, Today and the coming days' cards and their JSON, so they open without signal.
// - {type: "forget"} (signing out) drops every kept page and its data.
const VERSION = 1;
const SHELL = `runlift-shell-v${VERSION}`; // static assets
const PAGES = `runlift-pages-v${VERSION}`; // pages and API JSON (an athlete's data)
const MAX_PAGES = 80; // the oldest kept page goes past this
const NAVIGATION_WAIT = 4000; // ms to wait for the network before showing a kept page
const MATCH = { ignoreVary: true }; // pages vary by Accept-Encoding, which a worker's request never shows

self.addEventListener("install", () => self.skipWaiting());

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        if (name.startsWith("runlift-") && name !== SHELL && name !== PAGES) await caches.delete(name);
      }
      await self.clients.claim();
    })(),
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return; // writes go to the network as they are, never cached
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || url.pathname === "/sw.js") return;
  if (url.pathname.startsWith("/static/")) {
    event.respondWith(url.searchParams.has("v") ? cacheFirst(request) : networkFirst(request, false));
  } else if (request.mode === "navigate") {
    event.respondWith(networkFirst(request, true));
  } else if (url.pathname.startsWith("/api/") || url.pathname === "/manifest.webmanifest") {
    event.respondWith(networkFirst(request, false));
  }
});

self.addEventListener("message", (event) => {
  const message = event.data || {};
  const reply = (answer) => event.source && event.source.postMessage(answer);
  if (message.type === "keep" && typeof message.list === "string" && message.list.startsWith("/")) {
    event.waitUntil(
      keep(message.list).then(
        (counts) => reply({ type: "kept", list: message.list, ...counts }),
        (error) => reply({ type: "not-kept", list: message.list, error: String(error) }),
      ),
    );
  } else if (message.type === "forget") {
    event.waitUntil(caches.delete(PAGES).then(() => reply({ type: "forgotten" })));
  }
});

async function cacheFirst(request) {
  const cache = await caches.open(SHELL);
  const kept = await cache.match(request.url, MATCH);
  if (kept) return kept;
  const answer = await fetch(request);
  if (answer.ok) await cache.put(request, answer.clone());
  return answer;
}

// What may be kept: a whole answer of this site (not a redirect to the sign-in page, not an error).
function keepable(answer) {
  return answer.ok && answer.status === 200 && answer.type === "basic" && !answer.redirected;
}

async function networkFirst(request, page) {
  const url = new URL(request.url);
  const asset = url.pathname.startsWith("/static/");
  const cache = await caches.open(asset ? SHELL : PAGES);
  const kept = page ? await keptPage(cache, url) : await cache.match(request.url, MATCH);
  // what is stored: a page (not the sign-in page), a plain asset, JSON the keep list named (kept already)
  const store = page ? !["/login", "/logout"].includes(url.pathname) : asset || kept !== undefined;
  const network = fetch(request).then(async (answer) => {
    if (store && keepable(answer)) {
      await cache.put(request.url, answer.clone());
      if (page) await trim(cache);
    }
    return answer;
  });
  if (!kept) return network.catch(() => (page ? notKept() : Response.error()));
  const late = new Promise((resolve) => setTimeout(() => resolve(kept), NAVIGATION_WAIT));
  return Promise.race([network.catch(() => kept), late]);
}

const TODAY = /^\/a\/\d+\/today$/;
const KEPT_ON = "x-runlift-kept-on"; // the device's day when the keep list was fetched

function isoDay(date) {
  const pad = (n) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

// The server's today now, as the device reckons it: the keep list's `today` moved on by the days the
// device has seen since (the server's day may differ from the device's: its time zone, a test's clock).
async function serverToday(cache, origin, athletePath) {
  const list = await cache.match(`${origin}${athletePath}/offline`, MATCH);
  if (!list) return isoDay(new Date());
  const { today } = await list.clone().json();
  const keptOn = list.headers.get(KEPT_ON);
  const passed = Math.round((Date.parse(isoDay(new Date())) - Date.parse(keptOn)) / 86400000);
  return new Date(Date.parse(today) + passed * 86400000).toISOString().slice(0, 10); // UTC dates both
}

// The kept copy of a page. Today without ?date= is the server's today: its dated copy first (a Today
// kept yesterday is yesterday's card), then the last plain one. The start page `/` (the installed
// app's start) redirects one runner to Today: without signal, the last athlete's Today kept.
async function keptPage(cache, url) {
  let path = url.pathname;
  if (path === "/" && !url.search) {
    const choice = await cache.match(url.href, MATCH); // several athletes: the choice page
    if (choice) return choice;
    const todays = (await cache.keys()).map((r) => new URL(r.url)).filter((u) => TODAY.test(u.pathname));
    if (!todays.length) return undefined;
    path = todays[todays.length - 1].pathname;
  } else if (!TODAY.test(path) || url.searchParams.has("date")) {
    return cache.match(url.href, MATCH);
  }
  const day = await serverToday(cache, url.origin, path.replace(/\/today$/, ""));
  return (await cache.match(`${url.origin}${path}?date=${day}`, MATCH)) || cache.match(url.origin + path, MATCH);
}

async function trim(cache) {
  const keys = await cache.keys();
  for (const old of keys.slice(0, Math.max(0, keys.length - MAX_PAGES))) await cache.delete(old);
}

function notKept() {
  const html =
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">' +
    "<title>No signal · runlift</title></head><body><main><h1>No signal</h1>" +
    "<p>This page was not kept on this device. Today and the next days' cards open without signal once " +
    "you have opened Today with signal.</p><p><a href=\"/\">Go to your start page</a></p></main></body></html>";
  return new Response(html, {
    status: 503,
    headers: {
      "content-type": "text/html; charset=utf-8",
      "content-security-policy": "default-src 'self'; script-src 'none'; style-src 'none'",
      "cache-control": "no-store",
    },
  });
}

// Fetch the keep list, then: every asset not kept yet (hashed: kept until its hash changes; the old
// hashes go), every page and its JSON afresh. Each is one request; one that fails is left out.
async function keep(list) {
  const answer = await fetch(list, { credentials: "same-origin", headers: { Accept: "application/json" } });
  if (!answer.ok) throw new Error(`${list}: HTTP ${answer.status}`);
  const wanted = await answer.clone().json();
  const headers = new Headers(answer.headers);
  headers.set(KEPT_ON, isoDay(new Date()));
  const listCopy = new Response(await answer.text(), { status: 200, headers });
  const shell = await caches.open(SHELL);
  const pages = await caches.open(PAGES);
  const origin = self.location.origin;
  const assets = new Set(wanted.assets.map((path) => origin + path));
  for (const old of await shell.keys()) {
    if (!assets.has(old.url)) await shell.delete(old);
  }
  let shellKept = 0;
  let pagesKept = 0;
  await Promise.all(
    [...assets].map(async (url) => {
      const plain = !new URL(url).searchParams.has("v");
      if (!plain && (await shell.match(url, MATCH))) return shellKept++;
      const got = await fetch(url, { credentials: "same-origin" }).catch(() => null);
      if (got && keepable(got)) {
        await shell.put(url, got);
        shellKept++;
      }
    }),
  );
  for (const path of [...wanted.pages, ...wanted.data]) {
    const accept = path.startsWith("/api/") ? "application/json" : "text/html";
    const got = await fetch(path, { credentials: "same-origin", headers: { Accept: accept } }).catch(() => null);
    if (got && keepable(got)) {
      await pages.put(origin + path, got);
      pagesKept++;
    }
  }
  await trim(pages);
  await pages.put(origin + list, listCopy); // last: the newest entry, the last that trimming drops
  return { assets: shellKept, pages: pagesKept, today: wanted.today };
}
