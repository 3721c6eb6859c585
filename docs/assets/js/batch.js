// The prioritise page: a pasted or chosen account file (a CRM export, a
// scored list or a worksheet downloaded here) goes to the worker (calculator
// "batch", calculators/ranking_session.py), which ranks it with a progress
// bar here, keeps it, and sends back one page of rows at a time, sorted as
// asked; a rep scores an account in its row and the worker ranks it again at
// once. This file only moves data and builds elements; every cell is set as
// text (account names are whoever typed them).

import { run } from "./runtime.js";
import { followState } from "./render.js";

const bound = new WeakSet();

/** Bind the page's batch form (once per page shown). */
export function bindBatch(root = document) {
  for (const form of root.querySelectorAll("form[data-batch]")) bind(form);
}

function bind(form) {
  if (bound.has(form)) return;
  bound.add(form);
  followState(form);
  const page = form.closest("article") || document;
  const $ = (selector) => page.querySelector(selector);
  const ui = {
    text: form.elements.namedItem("csv"),
    file: form.elements.namedItem("file"),
    currency: form.elements.namedItem("currency"),
    rate: form.elements.namedItem("rate"),
    progress: $("[data-batch-progress]"),
    errors: $("[data-batch-errors]"),
    summary: $("[data-batch-summary]"),
    download: $("[data-batch-download]"),
    table: $("[data-batch-table] table"),
    showing: $("[data-batch-showing]"),
    more: $("[data-batch-more]"),
    problems: $("[data-batch-problems]"),
  };
  // Each cell carries its column's label, which a phone's card layout shows beside it.
  const labels = [...ui.table.tHead.rows[0].cells].map((th) => th.textContent.trim());
  const pages = {};
  for (const link of page.querySelectorAll("a[data-batch-link]")) {
    pages[link.dataset.batchLink] = link.getAttribute("href");
  }

  // Requests run one after another, each on the list the one before left.
  let queue = Promise.resolve();
  let scored = false; // until a list is ranked here, the table is the prerendered sample
  let order = { sort: "rank", descending: false };
  let shown = ui.table.tBodies[0].rows.length;
  let dimensions = [];
  let last = null; // the source of the list shown: ranked again when the currency or the rate changes

  function enqueue(task) {
    queue = queue.then(task).catch((error) => console.error(error));
    return queue;
  }

  // `source` is {csv: text} for pasted text or {file: File} for a chosen
  // file, which the worker reads itself: a large file's text never sits on
  // this thread, so reading it cannot stall the page.
  // `quiet`: the prerendered sample ranked again in the background (so its rows can be scored), with no
  // busy form and no progress bar: the reader asked for nothing.
  async function rank(source, quiet = false) {
    const started = performance.now();
    if (!quiet) {
      form.setAttribute("aria-busy", "true");
      showProgress(0, 1);
    }
    const params = { ...source, currency: ui.currency.value, rate: ui.rate.value };
    const result = await run("batch", params, quiet ? null : showProgress);
    const answered = performance.now();
    form.removeAttribute("aria-busy");
    ui.progress.hidden = true;
    scored = scored || result.ok; // a file that cannot be read leaves the table (and the worker's list) as they were
    if (result.ok) last = source;
    showFileErrors(result);
    if (result.ok) {
      dimensions = result.dimensions;
      showReport(result);
      showRows(result, false);
    }
    // For tests and scripts/bench.py: ms from posting to the answer, shownMs to the table updated.
    const detail = { result, ms: answered - started, shownMs: performance.now() - started };
    form.dispatchEvent(new CustomEvent("batch:result", { detail }));
    return result;
  }

  // Sorting, paging or scoring the prerendered sample first ranks it here.
  async function ensureRanked() {
    return scored || (await rank({ csv: ui.text.defaultValue }, true)).ok;
  }

  function showProgress(done, total) {
    ui.progress.hidden = false;
    const bar = ui.progress.querySelector("progress");
    bar.max = total;
    bar.value = Math.min(done, total);
    ui.progress.querySelector("[data-batch-progress-text]").textContent =
      `${done.toLocaleString()} of ${total.toLocaleString()} lines read`;
  }

  function showFileErrors(result) {
    const fileErrors = result.ok ? [] : result.errors;
    ui.errors.querySelector("[data-batch-file-errors]").replaceChildren(
      ...fileErrors.map((error) => element("p", error.message)));
    ui.errors.hidden = !fileErrors.length;
  }

  function showReport(result) {
    ui.summary.textContent = result.summary;
    const list = ui.problems.querySelector("ul");
    list.replaceChildren(...result.problems.map((problem) => element("li", problem.text)));
    ui.problems.hidden = !result.problems.length;
  }

  function showRows(result, append) {
    const body = ui.table.tBodies[0];
    const rows = result.rows.map(rowElement);
    if (append) body.append(...rows);
    else body.replaceChildren(...rows);
    shown = result.offset + result.rows.length;
    order = { sort: result.sort, descending: result.descending };
    for (const th of ui.table.tHead.rows[0].cells) {
      const button = th.querySelector("[data-sort]");
      if (button && button.dataset.sort === order.sort) th.setAttribute("aria-sort", order.descending ? "descending" : "ascending");
      else th.removeAttribute("aria-sort");
    }
    ui.showing.textContent = result.showing;
    ui.more.hidden = !result.more;
  }

  function rowElement(row) {
    const tr = document.createElement("tr");
    tr.dataset.row = String(row.row);
    row.cells.forEach((cell, i) => {
      const td = element(cell.header ? "th" : "td", cell.text);
      if (cell.header) td.scope = "row";
      if (labels[i]) td.dataset.label = labels[i];
      if (cell.numeric) td.classList.add("batch__number");
      if (cell.band) td.classList.add("batch__band", `batch__band--${cell.band}`);
      if (cell.note) td.append(element("span", cell.note, "batch__note"));
      if (cell.links && cell.links.length) {
        const links = element("span", "", "batch__links");
        for (const link of cell.links) {
          const a = element("a", link.text);
          a.href = `${pages[link.kind] || ""}#${encodeURIComponent(link.id)}`;
          links.append(a, " ");
        }
        td.append(" ", links);
      }
      if (cell.details && cell.details.length) td.append(detailsElement(cell, row.name));
      tr.append(td);
    });
    const td = element("td", "");
    td.dataset.label = labels[row.cells.length] || "";
    if (row.status !== "declined") td.append(scoreForm(row));
    tr.append(td);
    return tr;
  }

  // The profiles a row resembles and what to quote, as text (never markup), closed until opened.
  function detailsElement(cell, name) {
    const details = element("details", "", "batch__detail");
    const summary = element("summary", cell.details_summary);
    summary.setAttribute("aria-label", `${cell.details_summary}: ${name}`);
    details.append(summary);
    for (const fact of cell.details) {
      const line = element("span", "", "batch__fact");
      line.append(element("strong", `${fact.label}:`), ` ${fact.text}`);
      details.append(line);
    }
    return details;
  }

  function scoreForm(row) {
    const details = element("details", "", "batch__scoring");
    const verb = row.status === "scored" ? "Change scores" : "Score";
    const summary = element("summary", verb);
    summary.setAttribute("aria-label", `${verb}: ${row.name}`);
    details.append(summary);
    const slot = element("div", "", "calc__error");
    slot.id = `batch-${row.row}-error`;
    slot.setAttribute("role", "alert");
    const inputs = dimensions.map((d) => {
      const wrap = element("div", "", "calc__field batch__score");
      const input = document.createElement("input");
      Object.assign(input, { id: `batch-${row.row}-${d.id}`, name: d.id, type: "text", autocomplete: "off" });
      input.size = 4;
      input.inputMode = "decimal";
      input.value = row.scores[d.id] || "";
      input.setAttribute("aria-describedby", slot.id);
      const label = element("label", `${d.name} (${d.min}–${d.max})`);
      label.htmlFor = input.id;
      wrap.append(label, input);
      details.append(wrap);
      return input;
    });
    const button = element("button", "Rank with these scores", "md-button");
    button.type = "button";
    button.addEventListener("click", () => enqueue(() => score(row.row, inputs, slot)));
    details.append(button, slot);
    return details;
  }

  async function score(row, inputs, slot) {
    const started = performance.now();
    const scores = {};
    for (const input of inputs) scores[input.name] = input.value;
    const result = await run("batch", { score: row, scores });
    if (!result.ok) {
      slot.replaceChildren(...result.errors.map((e) => element("p", e.message)));
      for (const input of inputs) {
        input.setAttribute("aria-invalid", String(result.errors.some((e) => e.field === input.name)));
      }
      return;
    }
    ui.summary.textContent = result.summary;
    showRows(result, false);
    ui.showing.textContent = `${result.moved} ${result.showing}`;
    // The scored row has moved: keep the keyboard on it rather than losing focus with the old row.
    const moved = ui.table.tBodies[0].querySelector(`tr[data-row="${result.changed}"] th`);
    if (moved) {
      moved.tabIndex = -1;
      moved.focus();
    }
    const detail = { result, ms: performance.now() - started, shownMs: performance.now() - started };
    form.dispatchEvent(new CustomEvent("batch:scored", { detail }));
  }

  async function view(params, append) {
    if (!(await ensureRanked())) return;
    const result = await run("batch", params);
    if (result.ok) showRows(result, append);
    else showFileErrors(result);
  }

  async function download(button) {
    if (!(await ensureRanked())) return;
    // The worker sends the worksheet in parts (ranking_session.EXPORT_ROWS rows each), each kept as a
    // Blob at once: one string of a long list's CSV is more than a worker's message can carry.
    const parts = [];
    form.setAttribute("aria-busy", "true");
    try {
      for (let offset = 0, more = true; more; ) {
        const result = await run("batch", { export: "csv", offset });
        if (!result.ok) return showFileErrors(result);
        parts.push(new Blob([result.csv]));
        ({ next: offset, more } = result);
      }
    } finally {
      form.removeAttribute("aria-busy");
    }
    const url = URL.createObjectURL(new Blob(parts, { type: "text/csv;charset=utf-8" }));
    const a = element("a", "");
    a.href = url;
    a.download = button.dataset.batchDownload;
    a.hidden = true;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    writeState(form);
    enqueue(() => rank({ csv: ui.text.value }));
  });
  // The currency and the rate travel in the page's address, like any calculator's inputs (the
  // accounts never do): a link shares them, and changing either ranks the list shown again.
  for (const control of STATE.map((name) => form.elements.namedItem(name))) {
    control.addEventListener("change", () => {
      writeState(form);
      enqueue(() => rank(last || { csv: ui.text.defaultValue }));
    });
  }
  ui.file.addEventListener("change", () => {
    const [file] = ui.file.files;
    if (file) enqueue(() => rank({ file }));
  });
  ui.table.tHead.addEventListener("click", (event) => {
    const button = event.target.closest("button[data-sort]");
    if (!button) return;
    enqueue(() => {
      const sort = button.dataset.sort;
      const descending = sort === order.sort ? !order.descending : button.dataset.first === "descending";
      return view({ sort, descending, offset: 0 }, false);
    });
  });
  ui.more.addEventListener("click", () => enqueue(() => view({ ...order, offset: shown }, true)));
  ui.download.hidden = false;
  ui.download.addEventListener("click", () => enqueue(() => download(ui.download)));
  // The prerendered table is the sample ranked at build time; rank it here so its rows can be scored
  // (at the currency and rate the address gives, if any).
  readState(form);
  enqueue(ensureRanked);
}

const STATE = ["currency", "rate"];

function readState(form) {
  const query = new URLSearchParams(location.search);
  for (const name of STATE) {
    if (!query.has(name)) continue;
    const control = form.elements.namedItem(name);
    const value = query.get(name);
    if (control.tagName !== "SELECT") control.value = value;
    else {
      // A currency the page does not offer leaves the default chosen, as the select shows.
      const option = [...control.options].find((o) => o.value === value.trim().toUpperCase());
      if (option) control.selectedIndex = option.index;
    }
  }
}

function writeState(form) {
  const url = new URL(location.href);
  for (const name of STATE) {
    const value = form.elements.namedItem(name).value;
    if (value) url.searchParams.set(name, value);
    else url.searchParams.delete(name);
  }
  history.replaceState(history.state, "", url);
}

function element(name, text, className = "") {
  const el = document.createElement(name);
  el.textContent = text;
  if (className) el.className = className;
  return el;
}
