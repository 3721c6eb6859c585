// The prioritise page's CRM export: the export (pasted or chosen) goes to the
// worker (calculator "batch", request {triage}: calculators/crm.py), which
// ranks it and keeps it; a rep scores an account in its row and the worker
// ranks again at once. This file only moves data and builds elements: every
// cell is set as text (account names are whoever typed them).

import { run } from "./runtime.js";

const bound = new WeakSet();

/** Bind the page's CRM export form (once per page shown). */
export function bindTriage(root = document) {
  for (const form of root.querySelectorAll("form[data-triage]")) bind(form);
}

function element(name, text = "", attrs = {}) {
  const el = document.createElement(name);
  if (text) el.textContent = text;
  for (const [key, value] of Object.entries(attrs)) el.setAttribute(key, value);
  return el;
}

function bind(form) {
  if (bound.has(form)) return;
  bound.add(form);
  const results = form.nextElementSibling;
  const $ = (selector) => results.querySelector(selector);
  const ui = {
    status: form.querySelector("[data-triage-status]"),
    errors: form.querySelector("[data-triage-errors]"),
    summary: $("[data-triage-summary]"),
    showing: $("[data-triage-showing]"),
    download: $("[data-triage-download]"),
    body: $("[data-triage-table] tbody"),
    head: $("[data-triage-table] thead tr"),
  };
  let queue = Promise.resolve();
  let dimensions = [];
  let link = null;
  const enqueue = (task) => (queue = queue.then(task).catch((error) => console.error(error)));

  async function send(params) {
    const started = performance.now();
    form.setAttribute("aria-busy", "true");
    const result = await run("batch", params);
    form.removeAttribute("aria-busy");
    // For tests and scripts/bench.py: ms from posting to the answer, shownMs to the table updated.
    const detail = { result, ms: performance.now() - started };
    return { result, detail, started };
  }

  async function rank(params) {
    ui.status.textContent = "Ranking the export…";
    const { result, detail, started } = await send({ triage: "rank", ...params });
    if (result.ok) show(result);
    else ui.errors.replaceChildren(...result.errors.map((e) => element("p", e.message)));
    ui.status.textContent = result.ok ? "Ranked: the table below is up to date." : "The export could not be ranked.";
    detail.shownMs = performance.now() - started;
    form.dispatchEvent(new CustomEvent("triage:result", { detail }));
  }

  async function score(row, inputs, slot) {
    const scores = {};
    for (const input of inputs) scores[input.name] = input.value;
    const { result, detail, started } = await send({ triage: "score", row, scores });
    if (!result.ok) {
      slot.replaceChildren(...result.errors.map((e) => element("p", e.message)));
      for (const input of inputs) {
        input.setAttribute("aria-invalid", String(result.errors.some((e) => e.field === input.name)));
      }
      return;
    }
    show(result);
    ui.status.textContent = result.moved;
    // The scored row has moved: keep the keyboard on it rather than losing focus with the old row.
    const moved = ui.body.querySelector(`tr[data-row="${result.changed}"] th`);
    if (moved) {
      moved.tabIndex = -1;
      moved.focus();
    }
    detail.shownMs = performance.now() - started;
    form.dispatchEvent(new CustomEvent("triage:result", { detail }));
  }

  function show(result) {
    dimensions = result.dimensions;
    ui.summary.textContent = result.summary;
    ui.showing.textContent = result.showing;
    if (ui.head.cells.length < 9) ui.head.append(element("th", "Score it", { scope: "col" }));
    // Each cell carries its column's label, which a phone's card layout shows beside it.
    const labels = [...ui.head.cells].map((th) => th.textContent.trim());
    ui.body.replaceChildren(...result.accounts.map((account) => rowElement(account, labels)));
    const rows = result.errors.map((e) => element("p", `Row ${e.row}, ${e.column}: ${e.message}`));
    if (result.errors_more) rows.push(element("p", result.errors_more));
    ui.errors.replaceChildren(...rows);
    ui.download.hidden = false;
  }

  function rowElement(account, labels) {
    const d = account.display;
    const tr = element("tr", "", { "data-row": String(account.row) });
    const cells = [String(account.rank), account.name, d.segment, d.status, d.score, d.action, d.disqualifiers, d.use_cases];
    cells.forEach((text, i) => tr.append(element(i === 1 ? "th" : "td", text,
                                                 { ...(i === 1 ? { scope: "row" } : {}), "data-label": labels[i] })));
    const td = element("td", "", { "data-label": labels[cells.length] });
    if (account.status !== "declined") td.append(scoreForm(account));
    tr.append(td);
    return tr;
  }

  function scoreForm(account) {
    const details = element("details");
    const verb = account.status === "scored" ? "Change scores" : "Score";
    details.append(element("summary", verb, { "aria-label": `${verb}: ${account.name}` }));
    const inputs = dimensions.map((d) => {
      const id = `triage-${account.row}-${d.id}`;
      const wrap = element("div", "", { class: "calc__field triage__score" });
      const input = element("input", "", { id, name: d.id, type: "text", inputmode: "decimal", autocomplete: "off",
                                          size: "4", "aria-describedby": `triage-${account.row}-error` });
      wrap.append(element("label", `${d.name} (${d.min}–${d.max})`, { for: id }), input);
      details.append(wrap);
      return input;
    });
    const slot = element("div", "", { id: `triage-${account.row}-error`, class: "calc__error", role: "alert" });
    const button = element("button", "Rank with these scores", { type: "button", class: "md-button" });
    button.addEventListener("click", () => enqueue(() => score(account.row, inputs, slot)));
    details.append(button, slot);
    return details;
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const file = form.elements.namedItem("export_file").files[0];
    enqueue(() => rank(file ? { file } : { csv: form.elements.namedItem("export").value }));
  });
  form.elements.namedItem("export_file").addEventListener("change", () => form.requestSubmit());
  ui.download.addEventListener("click", (event) => {
    event.preventDefault();
    enqueue(async () => {
      const result = await run("batch", { triage: "export" });
      if (!result.ok) return;
      if (link) URL.revokeObjectURL(link);
      link = URL.createObjectURL(new Blob([result.csv], { type: "text/csv" }));
      const a = element("a", "", { href: link, download: ui.download.getAttribute("download") });
      document.body.append(a);
      a.click();
      a.remove();
    });
  });
  // The prerendered table is the sample ranked at build time; rank it here so its rows can be scored.
  enqueue(() => rank({ csv: form.elements.namedItem("export").defaultValue }));
}
