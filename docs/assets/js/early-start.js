// Starts the calculator worker as soon as a calculator's form is parsed, not
// after the theme's scripts have loaded and run: Pyodide's start is the
// longest wait on the page, and a worker runs off the page's thread. Loaded
// async from the head of every page (overrides/main.html); pages without a
// calculator start nothing. Pages reached by instant navigation are
// calculators.js's (this module runs once per full page load); both share
// runtime.js, so the worker is started once.

import { startRuntime } from "./runtime.js";

const WANTED = "form[data-calculator], form[data-batch]";

if (document.querySelector(WANTED)) {
  startRuntime();
} else if (document.readyState === "loading") {
  const watch = new MutationObserver(() => {
    if (document.querySelector(WANTED)) {
      watch.disconnect();
      startRuntime();
    }
  });
  watch.observe(document.documentElement, { childList: true, subtree: true });
  document.addEventListener("DOMContentLoaded", () => watch.disconnect(), { once: true });
}
