// Entry point, on every page (mkdocs.yml extra_javascript, type module).
// Material's instant navigation swaps pages without reloading scripts, so
// forms are (re)bound on each page it shows through `document$`. Pages
// without a calculator load nothing more: the form code, and Pyodide behind
// it, are imported only when a page has a `form[data-calculator]`.

function bindPage() {
  if (!document.querySelector("form[data-calculator]")) return;
  import("./form.js").then(({ bindAll }) => bindAll(document));
}

if (window.document$ && typeof window.document$.subscribe === "function") {
  window.document$.subscribe(bindPage);
} else if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", bindPage);
} else {
  bindPage();
}
