// Form binding: every input change runs the calculator in the worker and
// shows the result. At most one run per form is in flight; changes made
// meanwhile are coalesced into one run of the latest values, so results keep
// up with typing without a debounce delay.

import { run, startWhenIdle } from "./runtime.js";
import { followState, markState, showResult, tidyInputs } from "./render.js";
import { fillFromURL, readForm, stampForPrint, writeURL } from "./url-state.js";

const bound = new WeakSet();

function bindForm(form) {
  if (bound.has(form)) return;
  bound.add(form);
  const calculator = form.dataset.calculator;
  let busy = false;
  let again = false;
  let lastResult = null;
  // The currency the figures in the fields are in, sent with each run: Python puts a starting value
  // still in a field into a newly chosen currency (a figure the visitor typed stays theirs).
  const currency = form.elements.namedItem("currency");
  let shownIn = "";
  // A link that gives only some fields: its first run sends just those, so Python fills the others with
  // their starting values for the link's currency (a link copied from the page gives every field).
  let linkOnly = null;

  // The figures on screen are for other values from the first change until
  // the result for the latest values arrives: marked stale meanwhile.
  function calculate() {
    markState(form, "stale", "pending");
    if (busy) {
      again = true;
      return;
    }
    busy = true;
    const started = performance.now();
    const params = readForm(form);
    if (linkOnly) for (const name of Object.keys(params)) if (!linkOnly.has(name)) delete params[name];
    linkOnly = null;
    run(calculator, { ...params, ...(shownIn && { previous_currency: shownIn }) }).then((result) => {
      busy = false;
      if (!form.isConnected) return;
      lastResult = result;
      showResult(form, result);
      form.dispatchEvent(new CustomEvent("calculator:result", {
        detail: { result, ms: performance.now() - started },
      }));
      if (again) {
        again = false;
        calculate();
      } else {
        markState(form, result && result.ok ? "current" : "stale",
                  result && result.ok ? "" : result && result.failed ? "failed" : "invalid");
        // The fields now show the figures Python ran with (a converted starting value included): so does the link.
        if (tidyInputs(form, result)) writeURL(form);
        if (currency && result && result.ok) shownIn = currency.value;
      }
    });
  }

  form.addEventListener("submit", (event) => event.preventDefault());
  // A yes/no answer can be cleared (back to unanswered), one at a time or all at once.
  for (const button of form.querySelectorAll("[data-clear], [data-clear-all]")) button.hidden = false;
  form.addEventListener("click", (event) => {
    const button = event.target instanceof Element && event.target.closest("[data-clear], [data-clear-all]");
    if (!button) return;
    const radios = [...form.querySelectorAll("input[type=radio]")]
      .filter((radio) => button.dataset.clearAll !== undefined || radio.name === button.dataset.clear);
    if (!radios.some((radio) => radio.checked)) return;
    for (const radio of radios) radio.checked = false;
    form.dispatchEvent(new Event("input", { bubbles: true }));
  });
  stampForPrint(form);
  addEventListener("beforeprint", () => form.isConnected && stampForPrint(form));
  // Text fields, selects and checkboxes all fire "input".
  form.addEventListener("input", () => {
    linkOnly = null;
    calculate();
    writeURL(form);
  });
  // Leaving an amount shows it as people write it (2,500), once the result for it is in.
  form.addEventListener("focusout", () => {
    if (!busy && form.dataset.resultsState === "current" && lastResult) tidyInputs(form, lastResult);
  });
  // A shared link: fill the form and show its results once the calculator is
  // ready (until then the prerendered defaults stay, marked as not yet updated).
  const linked = fillFromURL(form);
  shownIn = currency ? currency.value : "";
  if (linked.size) {
    linkOnly = linked;
    calculate();
  }
}

/** Bind every calculator form on the page and start the worker when idle. */
export function bindAll(root = document) {
  const found = [...root.querySelectorAll("form[data-calculator]")];
  if (!found.length) return;
  for (const form of found) {
    bindForm(form);
    followState(form);
  }
  startWhenIdle();
}
