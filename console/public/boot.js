// Starts the staff console's WebAssembly module. The console is online only: no service worker.
import init, { start } from '/console/pkg/console.js';

await init({ module_or_path: '/console/pkg/console_bg.wasm' });
document.getElementById('loading')?.remove();
start();
