// The offline verifier's service worker (scope /verifikasi/), loaded by /verifikasi/sw.js, which sets
// self.UJIKOM_OFFLINE = {page, assets, version} first. The page is fetched from the network whenever
// there is one (so the embedded public keys stay fresh) and kept; without network the kept page is
// served. Its script, styles, fonts and the vendor files come from the cache once kept.

const { page, assets, version } = self.UJIKOM_OFFLINE;
const CACHE = `ujikom-offline-verifier-${version}`;
const PREFIX = "ujikom-offline-verifier-";
const assetPaths = new Set(assets);

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll([page, ...assets]))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((name) => name.startsWith(PREFIX) && name !== CACHE).map((name) => caches.delete(name))))
      .then(() => self.clients.claim()),
  );
});

async function networkFirst(request) {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    if (response.ok) await cache.put(page, response.clone());
    return response;
  } catch (error) {
    const kept = await cache.match(page, { ignoreVary: true });
    if (kept) return kept;
    throw error;
  }
}

async function cacheFirst(request) {
  const kept = await caches.match(request, { ignoreSearch: true, ignoreVary: true, cacheName: CACHE });
  if (kept) return kept;
  const response = await fetch(request);
  if (response.ok) {
    const cache = await caches.open(CACHE);
    await cache.put(request, response.clone());
  }
  return response;
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname === page) {
    event.respondWith(networkFirst(request));
  } else if (assetPaths.has(url.pathname)) {
    event.respondWith(cacheFirst(request));
  }
});
