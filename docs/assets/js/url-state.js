// Shareable state: a calculator's inputs live in the URL query under their
// contract names (the same names as the form fields, CLI flags and CSV
// columns). Values are only ever assigned to form controls as text; Python
// judges them against each field's declared limits and reports bad ones as
// ordinary field errors. What a control cannot hold is read here as the
// declaration says: a yes/no answer by the words the form carries (data-yes,
// data-no: those calculators/inputs.py reads), a choice by its options.

function controls(form) {
  return [...form.elements].filter((el) => el.name && !el.disabled && el.type !== "submit");
}

/** The form's inputs as the calculator's params: name -> text.
 *  A yes/no question (two radio buttons) is "1", "0", or "" while unanswered. */
export function readForm(form) {
  const params = {};
  for (const el of controls(form)) {
    if (el.type === "radio") {
      if (el.checked || !(el.name in params)) params[el.name] = el.checked ? el.value : "";
    } else {
      params[el.name] = el.type === "checkbox" ? (el.checked ? "1" : "0") : el.value;
    }
  }
  return params;
}

/** Fill the form from the page's URL query; the names of the fields it gave (none: an empty set). A value
 *  no control can take (a yes/no answer of "2", a choice no option has) is named in words beside its field. */
export function fillFromURL(form) {
  const query = new URLSearchParams(location.search);
  const yes = new Set((form.dataset.yes || "").split(" ").filter(Boolean));
  const no = new Set((form.dataset.no || "").split(" ").filter(Boolean));
  const found = new Set();
  const unused = new Map();
  for (const el of controls(form)) {
    if (!query.has(el.name)) continue;
    const value = query.get(el.name);
    found.add(el.name);
    const word = value.trim().toLowerCase();
    if (el.type === "checkbox" || el.type === "radio") {
      if (!yes.has(word) && !no.has(word)) unused.set(el.name, [value, "answer yes or no"]);
      if (el.type === "checkbox") el.checked = yes.has(word);
      else el.checked = el.value === "1" ? yes.has(word) : no.has(word);
    } else if (el.tagName === "SELECT") {
      if (!selectValue(el, value)) unused.set(el.name, [value, "choose one of the options"]);
    } else el.value = value;
  }
  for (const [name, [value, what]] of unused) noteUnused(form, name, value, what);
  return found;
}

// What a link asked for, in words a reader can check: short values quoted, long ones measured.
function quoted(value) {
  return value.length <= 40 ? `“${value}”` : `a value ${value.length.toLocaleString("en")} characters long`;
}

/** Say beside a field that the link's value for it could not be used, until the field is changed. */
function noteUnused(form, name, value, what) {
  const slot = form.querySelector(`[data-error-for="${CSS.escape(name)}"]`);
  if (!slot) return;
  const note = document.createElement("p");
  note.className = "calc__link-note";
  note.dataset.linkNoteFor = name;
  note.textContent = `The link you opened gave ${quoted(value)} here, which cannot be used: ${what}.`;
  slot.before(note);
  const control = form.elements.namedItem(name);
  const controls = control instanceof RadioNodeList ? [...control] : [control];
  for (const c of controls) c.addEventListener("change", () => note.remove(), { once: true });
}

// A value no option has leaves no option selected, so Python sees "" and
// says which choices are allowed; false then.
function selectValue(select, value) {
  const wanted = value.trim().toUpperCase();
  const option = [...select.options].find((o) => o.value.toUpperCase() === wanted);
  select.selectedIndex = option ? option.index : -1;
  return Boolean(option);
}

let timer = 0;

/** Mirror the form into the URL query (keeping other keys), without a new history entry. */
export function writeURL(form, delay = 150) {
  clearTimeout(timer);
  // Batched: browsers throttle rapid replaceState calls, and the URL need not
  // change on every keystroke.
  timer = setTimeout(() => {
    if (!form.isConnected) return;
    const url = new URL(location.href);
    for (const el of controls(form)) {
      // Flags appear only when they differ from the form's default, so a
      // link to a long checklist stays short; figures always appear.
      if (el.type === "radio") {
        const chosen = form.querySelector(`input[type=radio][name="${CSS.escape(el.name)}"]:checked`);
        if (chosen) url.searchParams.set(el.name, chosen.value);
        else url.searchParams.delete(el.name);
      } else if (el.type !== "checkbox") url.searchParams.set(el.name, el.value);
      else if (el.checked !== el.defaultChecked) url.searchParams.set(el.name, el.checked ? "1" : "0");
      else url.searchParams.delete(el.name);
    }
    history.replaceState(history.state, "", url);
    stampForPrint(form);
  }, delay);
}

/** Write the page's address (with the inputs in its query) and today's date where a printout shows them. */
export function stampForPrint(form) {
  const stamp = form.querySelector("[data-print-stamp]");
  if (!stamp) return;
  const day = new Date().toLocaleDateString(document.documentElement.lang || undefined,
    { year: "numeric", month: "long", day: "numeric" });
  stamp.textContent = `Printed on ${day} from ${location.href}`;
}
