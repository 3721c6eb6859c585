// The page's side of the calculator worker: one worker for the whole visit
// (instant navigation keeps this module alive, so it is never restarted),
// started only when a page has a calculator. The messages' shapes are
// declared in the docstring of calculators/worker.py.

let worker = null;
let nextId = 1;
let state = { stage: "idle", message: "" };
const pending = new Map();
const listeners = new Set();

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
  // early-start.js may have started it while the page was being parsed.
  const early = window.__calculatorEarlyWorker;
  worker = early ? early.worker : new Worker(new URL("./calculator-worker.js", import.meta.url), { type: "module" });
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
  if (early) early.adopt(receive, failed); // what it said meanwhile, in order
}

/** Start the worker when the browser is idle (soon, but after first paint);
 *  at once when early-start.js has started it already: taking it over costs
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
