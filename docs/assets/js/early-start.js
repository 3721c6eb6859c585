// Starts the calculator worker as soon as a calculator's form is parsed, not
// after the theme's scripts have loaded and run: Pyodide's start is the
// longest wait on the page, and a worker runs off the page's thread. Loaded
// async from the head of every page (overrides/main.html), with no imports so
// it runs the moment it arrives; pages without a calculator start nothing.
// runtime.js takes the worker over (window.__calculatorEarlyWorker) and hears
// what it said meanwhile; pages reached by instant navigation are
// calculators.js's, as before.

const WANTED = "form[data-calculator], form[data-batch]";

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

if (document.querySelector(WANTED)) {
  start();
} else if (document.readyState === "loading") {
  const watch = new MutationObserver(() => {
    if (document.querySelector(WANTED)) {
      watch.disconnect();
      start();
    }
  });
  watch.observe(document.documentElement, { childList: true, subtree: true });
  document.addEventListener("DOMContentLoaded", () => watch.disconnect(), { once: true });
}
