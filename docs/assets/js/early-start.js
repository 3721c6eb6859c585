// Starts the calculator worker from the head of a page with a calculator
// form (overrides/main.html puts this script only there), before the page's
// body is parsed and the theme's scripts have loaded and run: Pyodide's start
// is the longest wait on the page, and a worker runs off the page's thread.
// No imports, so it runs the moment it arrives. runtime.js takes the worker
// over (window.__calculatorEarlyWorker) and hears what it said meanwhile;
// pages reached by instant navigation are calculators.js's, as before.

function start() {
  if (window.__calculatorEarlyWorker) return;
  const worker = new Worker(new URL("./calculator-worker.js", import.meta.url), { type: "module" });
  const heard = [];
  const keep = (kind) => (event) => heard.push([kind, event]);
  const message = keep("message");
  const error = keep("error");
  worker.addEventListener("message", message);
  worker.addEventListener("error", error);
  window.__calculatorEarlyWorker = {
    worker,
    adopt(onMessage, onError) {
      worker.removeEventListener("message", message);
      worker.removeEventListener("error", error);
      for (const [kind, event] of heard.splice(0)) (kind === "message" ? onMessage : onError)(event);
    },
  };
}

start();
