// Service worker: precaches the app shell so the app starts with the server unreachable.
// The build stamps VERSION with a hash of the shell files, so every new build gets a fresh
// cache and the old one is removed once the new worker takes over.
// API calls are never cached: responses are kept in IndexedDB by the app, not here.
const VERSION = '__BUILD_VERSION__';
const CACHE = `prom-shell-${VERSION}`;
const SHELL = [
  '/',
  '/index.html',
  '/boot.js',
  '/pkg/app.js',
  '/pkg/app_bg.wasm',
  '/style.css',
  '/manifest.webmanifest',
  '/icons/icon.svg',
  '/icons/icon-192.png',
  '/icons/icon-512.png',
  '/fonts/noto-naskh-arabic.woff2',
  '/fonts/noto-sans-bengali.woff2',
  '/fonts/noto-sans-gurmukhi.woff2',
];

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches.open(CACHE)
      .then((cache) => cache.addAll(SHELL.map((url) => new Request(url, { cache: 'reload' }))))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(
        keys.filter((key) => key.startsWith('prom-shell-') && key !== CACHE)
          .map((key) => caches.delete(key)),
      ))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin || url.pathname.startsWith('/api/')
      || url.pathname === '/console' || url.pathname.startsWith('/console/')) {
    return; // straight to the network (the staff console is online only and never cached)
  }
  if (request.mode === 'navigate') {
    // Any in-app address opens the cached shell; the app decides what to show.
    event.respondWith(
      caches.match('/index.html', { cacheName: CACHE })
        .then((cached) => cached || fetch(request)),
    );
    return;
  }
  event.respondWith(
    caches.match(request, { cacheName: CACHE, ignoreSearch: true })
      .then((cached) => cached || fetch(request)),
  );
});
