// Starts the WebAssembly app, then registers the service worker that keeps it working offline.
import init, { start } from '/pkg/app.js';

await init({ module_or_path: '/pkg/app_bg.wasm' });
document.getElementById('loading')?.remove();
start();

if ('serviceWorker' in navigator) {
  navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch((error) => {
    console.warn('offline support is unavailable:', error);
  });
}
