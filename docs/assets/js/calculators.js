// Entry point, on every page (mkdocs.yml extra_javascript, type module).
// Material's instant navigation swaps pages without reloading scripts, so
// forms are (re)bound on each page it shows through `document$`. Pages
// without a calculator start nothing: the worker, and Pyodide behind it, are
// started, and the form code imported, only when a page has a
// `form[data-calculator]` (or the prioritise page's `form[data-batch]`).
// A page of another build than these scripts (instant navigation after a
// deploy) is loaded again instead (runtime.js checkBuild).

import { checkBuild, startWhenIdle } from "./runtime.js";
import "./tables.js"; // every page: wide tables become focusable, named scroll regions

function bindPage() {
  if (!checkBuild()) return;
  const forms = document.querySelector("form[data-calculator]");
  const batch = document.querySelector("form[data-batch]");
  if (!forms && !batch) return;
  startWhenIdle(); // not waiting for the form code: Pyodide takes longest
  if (forms) import("./form.js").then(({ bindAll }) => bindAll(document));
  if (batch) import("./batch.js").then(({ bindBatch }) => bindBatch(document));
}

if (window.document$ && typeof window.document$.subscribe === "function") {
  window.document$.subscribe(bindPage);
} else if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", bindPage);
} else {
  bindPage();
}
