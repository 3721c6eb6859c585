// Showing a calculator's result: copy display[FIELD] into [data-output=FIELD]
// (as text, never markup), put field errors next to their fields, and swap in
// the chart, an SVG document Python made (its text escaped there).

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
  return [form, ...document.querySelectorAll(`[data-results-for="${CSS.escape(form.dataset.calculator)}"]`)];
}

function outputsOf(form) {
  const slots = "[data-output], [data-output-svg]";
  return regionsOf(form).flatMap((region) => [region, ...region.querySelectorAll(slots)])
    .filter((el) => el.matches(slots));
}

function errorSlot(form, field) {
  if (!field) return null;
  const slot = form.querySelector(`[data-error-for="${CSS.escape(field)}"]`);
  const control = form.elements.namedItem(field);
  return slot && control ? { control, slot } : null;
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

/** Show a registry.run result in the form and its result regions. */
export function showResult(form, result) {
  clearErrors(form);
  if (!result || !result.ok) {
    showErrors(form, (result && result.errors) || []);
    for (const region of regionsOf(form)) region.classList.add("calc--stale");
    return;
  }
  for (const region of regionsOf(form)) region.classList.remove("calc--stale");
  const display = result.display || {};
  for (const el of outputsOf(form)) {
    if (el.dataset.outputSvg) {
      const svg = typeof display[el.dataset.outputSvg] === "string" && parseSvg(display[el.dataset.outputSvg]);
      if (svg) el.replaceChildren(svg);
    } else if (el.dataset.output in display) {
      el.textContent = String(display[el.dataset.output]);
    }
  }
}

function showErrors(form, errors) {
  const general = form.querySelector("[data-error-for='']");
  const loose = [];
  for (const error of errors) {
    const found = errorSlot(form, error.field);
    if (found) {
      found.control.setAttribute("aria-invalid", "true");
      found.slot.textContent = found.slot.textContent ? `${found.slot.textContent} ${error.message}` : error.message;
    } else {
      loose.push(error.message);
    }
  }
  if (general) general.textContent = loose.join(" ");
}

const STATUS_TEXT = {
  idle: "Preparing the live calculator…",
  ready: "Results update as you type.",
};

/** Show the runtime's progress (what is loading) in the form's status line
 *  (its data-ready-text, if any, replaces the words once ready). */
export function showState(form, state) {
  form.dataset.calculatorState = state.stage === "ready" || state.stage === "error" ? state.stage : "loading";
  const line = form.querySelector("[data-calculator-status]");
  if (!line) return;
  const text = line.querySelector("[data-status-text]") || line;
  const bar = line.querySelector("progress");
  line.hidden = false;
  if (state.stage === "error") {
    text.textContent = `The live calculator could not start (${state.message}); the results shown are for the values first shown.`;
  } else {
    text.textContent = (state.stage === "ready" && line.dataset.readyText) || (STATUS_TEXT[state.stage] ?? state.message);
  }
  if (bar) bar.hidden = state.stage === "ready" || state.stage === "error" || state.stage === "idle";
}
