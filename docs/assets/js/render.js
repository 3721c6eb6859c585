// Showing a calculator's result: copy display[FIELD] into [data-output=FIELD]
// (as text, never markup), lines into [data-output-list] items, field errors
// next to their fields, and swap in the chart, an SVG document Python made
// (its text escaped there).
//
// Every result region carries data-state: "current" when its figures were
// computed for exactly what the fields show, "stale" otherwise, with the
// reason in data-stale ("loading": the figures are for other values and the
// calculator is not ready yet; "pending": an update is on its way;
// "invalid": a field needs correcting). The state is said in words in the
// answer panel's status line and on each stale region, and aria-busy tells
// assistive technology an update is coming.

import { currentState, onState } from "./runtime.js";

const followed = new Set();

onState((state) => {
  for (const form of followed) {
    if (form.isConnected) showState(form, state);
    else followed.delete(form);
  }
});

/** Show the runtime's state on the form now and on every change, while the form is on the page. */
export function followState(form) {
  followed.add(form);
  showState(form, currentState());
}

function regionsOf(form) {
  const regions = document.querySelectorAll(`[data-results-for="${CSS.escape(form.dataset.calculator)}"]`);
  return [...new Set([form, ...regions])];
}

function outputsOf(form) {
  const slots = "[data-output], [data-output-svg], [data-output-list]";
  const found = new Set();
  for (const region of regionsOf(form)) {
    if (region.matches(slots)) found.add(region);
    for (const el of region.querySelectorAll(slots)) found.add(el);
  }
  return [...found];
}

function errorSlot(form, field) {
  if (!field) return null;
  const slot = form.querySelector(`[data-error-for="${CSS.escape(field)}"]`);
  const control = form.elements.namedItem(field);
  if (!slot || !control) return null;
  // A yes/no question is a group of radio buttons: mark each of them.
  const controls = control instanceof RadioNodeList ? [...control] : [control];
  return { controls, slot };
}

function clearErrors(form) {
  for (const control of form.querySelectorAll("[aria-invalid]")) control.removeAttribute("aria-invalid");
  for (const slot of form.querySelectorAll("[data-error-for]")) slot.textContent = "";
}

function parseSvg(markup) {
  const doc = new DOMParser().parseFromString(markup, "image/svg+xml");
  const svg = doc.documentElement;
  if (svg.nodeName !== "svg" || doc.querySelector("parsererror")) return null;
  for (const script of svg.querySelectorAll("script, foreignObject")) script.remove();
  return document.importNode(svg, true);
}

const STALE_WORDS = {
  loading: "Not yet updated: these results are for the starting values, not the ones shown in the form.",
  pending: "Updating…",
  invalid: "Out of date: these results are for your last complete figures. Correct the field marked in the form to update them.",
  failed: "Not updated: the live calculator is not running, so these results are not for the values shown in the form.",
};

/** Mark every result region of the form stale (figures not for the fields as shown) or current. */
export function markState(form, state, reason = "") {
  for (const region of regionsOf(form)) {
    if (region === form) continue;
    region.dataset.state = state;
    if (state === "stale") {
      region.dataset.stale = reason;
      region.dataset.staleText = STALE_WORDS[reason] || STALE_WORDS.pending;
      region.setAttribute("aria-busy", reason === "invalid" || reason === "failed" ? "false" : "true");
    } else {
      delete region.dataset.stale;
      delete region.dataset.staleText;
      region.removeAttribute("aria-busy");
    }
  }
  form.dataset.resultsState = state;
  if (state === "stale") form.dataset.stale = reason;
  else delete form.dataset.stale;
  showState(form, currentState());
}

/** Show a registry.run result in the form and its result regions (the caller sets data-state). */
export function showResult(form, result) {
  clearErrors(form);
  if (!result || !result.ok) {
    showErrors(form, (result && result.errors) || []);
    return;
  }
  const display = result.display || {};
  for (const el of outputsOf(form)) {
    if (el.dataset.outputSvg) {
      const svg = typeof display[el.dataset.outputSvg] === "string" && parseSvg(display[el.dataset.outputSvg]);
      if (svg) el.replaceChildren(svg);
    } else if (el.dataset.outputList) {
      const lines = String(display[el.dataset.outputList] ?? "").split("\n").filter(Boolean);
      el.replaceChildren(...lines.map((line) => {
        const item = document.createElement("li");
        item.textContent = line;
        return item;
      }));
    } else if (el.dataset.output in display) {
      const value = String(display[el.dataset.output]);
      el.textContent = value;
      // A result row with nothing to say (e.g. no guarantee at this fee) is left out.
      const row = el.closest(".calc-results__row");
      if (row) row.hidden = value === "";
    }
  }
}

/** Show each amount the way people write it (display["input_NAME"], e.g. 2,500), except in the
 *  field being typed in. Call only when the result is for exactly what the fields show; true if a field changed. */
export function tidyInputs(form, result) {
  const display = (result && result.ok && result.display) || {};
  let changed = false;
  for (const [key, value] of Object.entries(display)) {
    if (!key.startsWith("input_")) continue;
    const control = form.elements.namedItem(key.slice("input_".length));
    if (control && control.tagName === "INPUT" && control !== document.activeElement && control.value !== value) {
      control.value = value;
      changed = true;
    }
  }
  return changed;
}

function showErrors(form, errors) {
  const general = form.querySelector("[data-error-for='']");
  const loose = [];
  for (const error of errors) {
    const found = errorSlot(form, error.field);
    if (found) {
      for (const control of found.controls) control.setAttribute("aria-invalid", "true");
      found.slot.textContent = found.slot.textContent ? `${found.slot.textContent} ${error.message}` : error.message;
    } else {
      loose.push(error.message);
    }
  }
  if (general) general.textContent = loose.join(" ");
}

const PREPARING = "Preparing the live calculator…";

function statusWords(form, state) {
  const stale = form.dataset.resultsState === "stale" ? form.dataset.stale : "";
  const line = form.querySelector("[data-calculator-status]");
  if (state.stage === "error") {
    return state.words || "The live calculator could not start; the results shown are for the starting values.";
  }
  if (stale === "invalid") return STALE_WORDS.invalid;
  if (stale === "failed") {
    return state.stage === "ready" ? "The live calculator is running again: change a value to update the results."
      : `${PREPARING} ${STALE_WORDS.failed}`;
  }
  if (stale === "loading" || (stale === "pending" && state.stage !== "ready")) {
    return `${PREPARING} ${STALE_WORDS.loading}`;
  }
  if (stale === "pending") return STALE_WORDS.pending;
  if (state.stage === "ready") return (line && line.dataset.readyText) || "Results update as you type.";
  return `These results are for the starting values. ${PREPARING}`;
}

/** Show the runtime's progress and the results' state, in words, in the form's status line. */
export function showState(form, state) {
  form.dataset.calculatorState = state.stage === "ready" || state.stage === "error" ? state.stage : "loading";
  // A shared link's results stay marked until the calculator is ready to compute them.
  if (form.dataset.resultsState === "stale" && form.dataset.stale === "pending" && state.stage !== "ready") {
    for (const region of regionsOf(form)) {
      if (region !== form && region.dataset.stale === "pending") {
        region.dataset.stale = "loading";
        region.dataset.staleText = STALE_WORDS.loading;
      }
    }
    form.dataset.stale = "loading";
  }
  const line = form.querySelector("[data-calculator-status]");
  if (!line) return;
  const text = line.querySelector("[data-status-text]") || line;
  const bar = line.querySelector("progress");
  line.hidden = false;
  const words = statusWords(form, state);
  if (text.textContent !== words) text.textContent = words;
  if (bar) bar.hidden = state.stage === "ready" || state.stage === "error" || state.stage === "idle";
}
