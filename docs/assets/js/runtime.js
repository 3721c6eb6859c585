// The page's side of the calculator worker: one worker for the whole visit
// (instant navigation keeps this module alive), started only when a page has
// a calculator. The messages' shapes are declared in the docstring of
// calculators/worker.py.
//
// Every call is answered. A worker that fails to start, reports an error or
// says nothing for SILENCE_MS while a call waits is stopped; every call
// waiting on it, and every later call until a worker is ready again, is
// answered with a result that says why in words ({ok: false, failed: true,
// errors: [{field: "", message}]}), and a new worker is started once (again
// when the device comes back online or a page with a calculator is shown).
// A call made while the worker starts is answered with such a result, the
// worker left to start, when it has waited START_BOUND_MS.
//
// One build per visit: every page names its build (meta playbook-build,
// written by playbook_plugin/offline.py) and the worker says which build its data came
// from when it is ready. When a page of another build is shown (instant
// navigation after a deploy) or the worker's build is not the page's, the
// page is loaded again, once, so scripts, page and worker are all the
// site's newest build; until then no result is shown as current.

let worker = null;
let workerBuild = "";
let nextId = 1;
let state = { stage: "idle", message: "", words: "" };
let restartsLeft = 1;
let lastHeard = 0;
let watchdog = null;
const pending = new Map();
const listeners = new Set();
const SILENCE_MS = window.__calculatorSilenceMs || 60_000; // tests shorten it (tests/browser/test_offline.py)
const START_BOUND_MS = window.__calculatorStartBoundMs || 90_000;

/** The build the page shown now belongs to. */
export function pageBuild() {
  const meta = document.querySelector('meta[name="playbook-build"]');
  return meta ? meta.content : "";
}

// The build of this script (the first page of the visit): instant navigation keeps it.
const SCRIPT_BUILD = pageBuild();

// The worker's script, in a folder named by its content (playbook_plugin/runtime.py),
// as every page's head names it.
const workerURL = () =>
  new URL(document.querySelector('meta[name="calculator-worker"]').content, location.href);

function publish(next) {
  state = { message: "", words: "", ...next };
  for (const listener of listeners) listener(state);
}

/** Call `listener(state)` now and on every change; state.stage is
 *  "idle", "runtime", "package", "data", "ready" or "error" (then state.words
 *  says in a sentence what happened and what still works). */
export function onState(listener) {
  listeners.add(listener);
  listener(state);
  return () => listeners.delete(listener);
}

/** The runtime's state now. */
export function currentState() {
  return state;
}

const offline = () => navigator.onLine === false;

// What a failure means to the reader, in words.
function failureWords(why) {
  if (offline()) {
    return "This device is offline and the live calculator was not kept on it for offline use, so the " +
      "results shown are for the starting values. The playbook's pages still open; the calculator " +
      "starts again once the device is back online.";
  }
  return `The live calculator ${why}; the results shown are for the starting values or your last complete figures.`;
}

function failedResult(call, words) {
  const reached = call.progress
    ? ` It had read ${call.progress.done.toLocaleString()} of ${call.progress.total.toLocaleString()} lines.`
    : "";
  return { ok: false, failed: true, calculator: call.calculator, errors: [{ field: "", message: words + reached }] };
}

function answerAll(words) {
  for (const [id, call] of pending) {
    pending.delete(id);
    call.resolve(failedResult(call, words));
  }
}

// The worker is gone (it failed, or stopped answering): every waiting call
// is answered, and a new worker started once, unless the site has a newer
// build than this page (then the page is loaded again).
function fail(why) {
  stopWorker();
  const words = failureWords(why);
  publish({ stage: "error", message: why, words });
  answerAll(words);
  siteBuild().then((build) => {
    if (build && build !== pageBuild()) return reloadOnce(build);
    if (restartsLeft > 0 && !worker) {
      restartsLeft -= 1;
      startRuntime();
    }
  });
}

function stopWorker() {
  if (!worker) return;
  worker.onmessage = worker.onerror = null;
  worker.terminate();
  worker = null;
  workerBuild = "";
}

// The build the site serves now (runtime.json names it), or "" when it cannot be asked.
async function siteBuild() {
  if (offline()) return "";
  try {
    const response = await fetch(new URL("../runtime.json", workerURL()), { cache: "no-cache" });
    return response.ok ? (await response.json()).build || "" : "";
  } catch {
    return "";
  }
}

const RELOADED = "playbook-reloaded-for";

// Load the page again so that it, its scripts and the worker are all of
// `build`; once per build, so a site that keeps disagreeing cannot loop.
function reloadOnce(build) {
  stopWorker();
  const words = "The site was updated while this page was open. Reload the page to use the updated calculators; " +
    "the results shown are not for the updated site.";
  publish({ stage: "error", message: "the site was updated", words });
  answerAll(words);
  let done = null;
  try {
    done = sessionStorage.getItem(RELOADED);
    sessionStorage.setItem(RELOADED, build);
  } catch { /* storage refused: reload all the same */ }
  if (done !== build) location.reload();
}

/** The page shown is of another build than this script: load it again (once). */
export function checkBuild() {
  const build = pageBuild();
  if (build && SCRIPT_BUILD && build !== SCRIPT_BUILD) {
    reloadOnce(build);
    return false;
  }
  return true;
}

function heard() {
  lastHeard = performance.now();
}

// While calls wait: a ready worker silent for SILENCE_MS is taken for dead;
// a call waiting for a starting worker for START_BOUND_MS is answered.
function watch() {
  if (watchdog) return;
  watchdog = setInterval(() => {
    if (!pending.size) {
      clearInterval(watchdog);
      watchdog = null;
      return;
    }
    const now = performance.now();
    if (state.stage === "ready") {
      const oldest = Math.min(...[...pending.values()].map((call) => call.posted));
      if (now - Math.max(lastHeard, oldest) > SILENCE_MS) {
        fail(`stopped answering (nothing for ${Math.round(SILENCE_MS / 1000)} seconds) and is starting again`);
      }
    } else if (state.stage !== "error") {
      for (const [id, call] of pending) {
        if (now - call.posted > START_BOUND_MS) {
          pending.delete(id);
          call.resolve(failedResult(call, "The live calculator is still starting (a slow link takes a while); " +
            "try again in a moment. The results shown are for the starting values."));
        }
      }
    }
  }, Math.min(1000, SILENCE_MS / 4));
}

/** Start the worker; later calls do nothing while one runs. */
export function startRuntime() {
  if (worker) return;
  if (!checkBuild()) return;
  // The page's head may have started it while the page was being parsed (overrides/main.html).
  const early = window.__calculatorEarlyWorker;
  window.__calculatorEarlyWorker = null;
  worker = early ? early.worker : new Worker(workerURL(), { type: "module" });
  const mine = worker;
  window.__calculatorWorkerStarts = (window.__calculatorWorkerStarts || 0) + 1;
  heard();
  const receive = ({ data }) => {
    if (worker !== mine) return;
    heard();
    if (data.type === "status") {
      publish({ stage: data.stage, message: data.message });
    } else if (data.type === "ready") {
      workerBuild = data.build || "";
      if (workerBuild && pageBuild() && workerBuild !== pageBuild()) return reloadOnce(workerBuild);
      restartsLeft = 1;
      performance.mark("calculator-ready"); // read by scripts/bench.py
      publish({ stage: "ready" });
    } else if (data.type === "error") {
      fail(`could not start (${data.message})`);
    } else if (data.type === "progress") {
      const call = pending.get(data.id);
      if (call) {
        call.progress = { done: data.done, total: data.total };
        call.onProgress?.(data.done, data.total);
      }
    } else if (data.type === "result" && pending.has(data.id)) {
      pending.get(data.id).resolve(data.result);
      pending.delete(data.id);
    }
  };
  const failed = (event) => {
    if (worker !== mine) return;
    event.preventDefault?.();
    fail(state.stage === "ready" ? `stopped (${event.message || "its script failed"})`
      : `could not start (${event.message || "its script did not load"})`);
  };
  worker.onmessage = receive;
  worker.onerror = failed;
  if (early) { // what it said meanwhile, in order
    for (const event of early.heard.splice(0)) (event.type === "error" ? failed : receive)(event);
  }
}

/** Start the worker when the browser is idle (soon, but after first paint);
 *  at once when the page's head has started it already: taking it over costs
 *  nothing, and its "ready" must not wait for an idle moment. A worker that
 *  failed is started again: a page with a calculator has been shown. */
export function startWhenIdle() {
  if (worker) return;
  if (state.stage === "error") restartsLeft = Math.max(restartsLeft, 1);
  if (window.__calculatorEarlyWorker) return startRuntime();
  if ("requestIdleCallback" in window) requestIdleCallback(startRuntime, { timeout: 500 });
  else setTimeout(startRuntime, 0);
}

// Back online after a failure: the cause may be gone.
addEventListener("online", () => {
  if (!worker && state.stage === "error") {
    restartsLeft = 1;
    startRuntime();
  }
});

/** Run a calculator in the worker; resolves with registry.run's dict, or
 *  with {ok: false, failed: true, errors: [...]} saying why there is no answer.
 *  `onProgress(done, total)` hears the worker's progress on long runs (batch). */
export function run(calculator, params, onProgress = null) {
  if (!worker && state.stage !== "error") startRuntime();
  return new Promise((resolve) => {
    const call = { calculator, resolve, onProgress, posted: performance.now(), progress: null };
    if (!worker) return resolve(failedResult(call, state.words || failureWords("could not start")));
    const id = nextId++;
    pending.set(id, call);
    worker.postMessage({ type: "run", id, calculator, params });
    watch();
  });
}
