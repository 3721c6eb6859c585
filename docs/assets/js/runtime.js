// The page's side of the calculator worker: one worker for the whole visit
// (instant navigation keeps this module alive, so it is never restarted),
// started only when a page has a calculator. The messages' shapes are
// declared in the docstring of calculators/worker.py.

let worker = null;
let nextId = 1;
let state = { stage: "idle", message: "" };
const pending = new Map();
const listeners = new Set();
// The worker's script, in a folder named by its content (hooks/runtime.py),
// as every page's head names it; read once, against the first page's URL
// (instant navigation keeps the first page's head and this module).
const WORKER_URL = new URL(document.querySelector('meta[name="calculator-worker"]').content, location.href);

function publish(next) {
  state = next;
  for (const listener of listeners) listener(state);
}

/** Call `listener(state)` now and on every change; state.stage is
 *  "idle", "runtime", "package", "data", "ready" or "error". */
export function onState(listener) {
  listeners.add(listener);
  listener(state);
  return () => listeners.delete(listener);
}

/** The runtime's state now. */
export function currentState() {
  return state;
}

/** Start the worker once; later calls do nothing. */
export function startRuntime() {
  if (worker) return;
  // The page's head may have started it while the page was being parsed (overrides/main.html).
  const early = window.__calculatorEarlyWorker;
  worker = early ? early.worker : new Worker(WORKER_URL, { type: "module" });
  window.__calculatorWorkerStarts = (window.__calculatorWorkerStarts || 0) + 1;
  const receive = ({ data }) => {
    if (data.type === "status") {
      publish({ stage: data.stage, message: data.message });
    } else if (data.type === "ready") {
      performance.mark("calculator-ready"); // read by scripts/bench.py
      publish({ stage: "ready", message: "" });
    } else if (data.type === "error") {
      publish({ stage: "error", message: data.message });
    } else if (data.type === "progress") {
      pending.get(data.id)?.onProgress?.(data.done, data.total);
    } else if (data.type === "result" && pending.has(data.id)) {
      pending.get(data.id).resolve(data.result);
      pending.delete(data.id);
    }
  };
  const failed = (event) => {
    publish({ stage: "error", message: event.message || "the calculator worker failed to start" });
  };
  worker.addEventListener("message", receive);
  worker.addEventListener("error", failed);
  if (early) { // what it said meanwhile, in order
    worker.onmessage = worker.onerror = null;
    for (const event of early.heard.splice(0)) (event.type === "error" ? failed : receive)(event);
  }
}

/** Start the worker when the browser is idle (soon, but after first paint);
 *  at once when the page's head has started it already: taking it over costs
 *  nothing, and its "ready" must not wait for an idle moment. */
export function startWhenIdle() {
  if (worker) return;
  if (window.__calculatorEarlyWorker) return startRuntime();
  if ("requestIdleCallback" in window) requestIdleCallback(startRuntime, { timeout: 500 });
  else setTimeout(startRuntime, 0);
}

/** Run a calculator in the worker; resolves with registry.run's dict.
 *  `onProgress(done, total)` hears the worker's progress on long runs (batch). */
export function run(calculator, params, onProgress = null) {
  startRuntime();
  const id = nextId++;
  return new Promise((resolve) => {
    pending.set(id, { resolve, onProgress });
    worker.postMessage({ type: "run", id, calculator, params });
  });
}
