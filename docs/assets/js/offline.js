// Registers the site's service worker (sw.js at the site's root, written by
// playbook_plugin/offline.py), which keeps this build's pages and calculators for use
// with no network. On every page (mkdocs.yml extra_javascript), but never in
// the way of a start: it registers after the page has loaded and, on a page
// with a calculator, after the calculators are ready; each time a page's
// calculators are ready it asks the service worker to keep the rest of the
// runtime, so a later visit needs no network at all. On any other page it
// asks too, "ahead", once the browser is idle on a link that is neither
// metered nor slow (navigator.connection, where the browser has it): the
// internal edition's service worker (KEEP_AHEAD) then keeps the runtime, so
// a rep who only read pages still has every calculator offline; the public
// edition's ignores it.

import { onState } from "./runtime.js";

const root = new URL("../../", import.meta.url); // this file is assets/js/offline.js
let registered = null;

function register() {
  if (!registered) {
    registered = navigator.serviceWorker
      .register(new URL("sw.js", root), { scope: root.pathname })
      .catch((error) => console.warn("Offline copy unavailable:", error.message));
  }
  return registered;
}

function keepRuntime(ahead = false) {
  register().then(() => navigator.serviceWorker.ready)
    .then((registration) => registration.active && registration.active.postMessage({ type: "cache-runtime", ahead }))
    .catch(() => {});
}

// A link worth megabytes the reader did not ask for: not metered, not slow, no data saver.
function goodLink() {
  const link = navigator.connection;
  if (!link) return true;
  return !link.saveData && link.type !== "cellular" && !/2g|3g/.test(link.effectiveType || "");
}

function whenIdle(task) {
  if ("requestIdleCallback" in window) requestIdleCallback(task, { timeout: 5000 });
  else setTimeout(task, 1000);
}

if ("serviceWorker" in navigator && window.isSecureContext) {
  const hasCalculator = () => document.querySelector("form[data-calculator], form[data-batch]");
  onState((state) => {
    if (state.stage === "ready") keepRuntime();
    else if (state.stage === "error") register();
  });
  const afterLoad = () => {
    if (hasCalculator()) return;
    register();
    if (goodLink()) whenIdle(() => keepRuntime(true));
  };
  if (document.readyState === "complete") afterLoad();
  else window.addEventListener("load", afterLoad, { once: true });
}
