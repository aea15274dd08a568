// The service worker: the app shell from the cache, so the observer form opens with
// no connection. The API (/v1/), /healthz and /metrics always go to the network: a
// cached API answer could hide that a contact was not stored.
// The collector's build replaces both tokens: ASSETS becomes the JSON array of every
// asset path, BUILD a digest of their contents (a new build, a new cache).
const ASSETS = "__MSC_ASSETS__";
const CACHE = 'msc-__MSC_BUILD__';
const PRECACHE = Array.isArray(ASSETS) ? ASSETS : [];

const passThrough = (path) =>
  path.startsWith('/v1/') || path === '/v1' || path === '/healthz' || path === '/metrics';

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    await cache.addAll(PRECACHE.map((path) => new Request(path, { cache: 'reload' })));
    await self.skipWaiting();
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    const names = await caches.keys();
    await Promise.all(names.filter((n) => n.startsWith('msc-') && n !== CACHE)
      .map((n) => caches.delete(n)));
    await self.clients.claim();
  })());
});

self.addEventListener('fetch', (event) => {
  const req = event.request;
  if (req.method !== 'GET') return;
  const url = new URL(req.url);
  if (url.origin !== self.location.origin || passThrough(url.pathname)) return;
  event.respondWith((async () => {
    const cache = await caches.open(CACHE);
    // Every page of the app is the one shell; the hash picks the view.
    const key = req.mode === 'navigate' ? '/' : url.pathname;
    const hit = await cache.match(key, { ignoreSearch: true });
    return hit || fetch(req);
  })());
});
