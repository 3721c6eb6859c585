// The prioritise page: a pasted or chosen CSV goes to the worker (calculator
// "batch", calculators/batch_table.py), which scores and ranks it with a
// progress bar here, keeps the list, and sends back one page of rows at a
// time, sorted as asked. This file only moves data and builds elements;
// every cell is set as text (account names are whoever typed them).

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
    progress: $("[data-batch-progress]"),
    errors: $("[data-batch-errors]"),
    summary: $("[data-batch-summary]"),
    download: $("[data-batch-download]"),
    table: $("[data-batch-table] table"),
    showing: $("[data-batch-showing]"),
    more: $("[data-batch-more]"),
  };
  // Each cell carries its column's label, which a phone's card layout shows beside it.
  const labels = [...ui.table.tHead.rows[0].cells].map((th) => th.textContent.trim());
  const pages = {};
  for (const link of page.querySelectorAll("a[data-batch-link]")) pages[link.dataset.batchLink] = link.getAttribute("href");

  // Requests run one after another, each on the list the one before left.
  let queue = Promise.resolve();
  let scored = false; // until the reader ranks a list, the table is the prerendered sample
  let order = { sort: "rank", descending: false };
  let shown = ui.table.tBodies[0].rows.length;

  function enqueue(task) {
    queue = queue.then(task).catch((error) => console.error(error));
    return queue;
  }

  // `source` is {csv: text} for pasted text or {file: File} for a chosen
  // file, which the worker reads itself: a large file's text never sits on
  // this thread, so reading it cannot stall the page.
  async function score(source) {
    const started = performance.now();
    form.setAttribute("aria-busy", "true");
    showProgress(0, 1);
    const result = await run("batch", source, showProgress);
    const answered = performance.now();
    form.removeAttribute("aria-busy");
    ui.progress.hidden = true;
    scored = scored || result.ok; // a file that cannot be read leaves the table (and the worker's list) as they were
    showErrors(result);
    if (result.ok) {
      ui.summary.textContent = result.display.summary;
      showRows(result, false);
    }
    // For tests and scripts/bench.py: ms from posting to the answer, shownMs to the table updated.
    const detail = { result, ms: answered - started, shownMs: performance.now() - started };
    form.dispatchEvent(new CustomEvent("batch:result", { detail }));
    return result;
  }

  // Sorting or paging the prerendered sample first ranks it here.
  async function ensureScored() {
    return scored || (await score({ csv: ui.text.defaultValue })).ok;
  }

  function showProgress(done, total) {
    ui.progress.hidden = false;
    const bar = ui.progress.querySelector("progress");
    bar.max = total;
    bar.value = Math.min(done, total);
    ui.progress.querySelector("[data-batch-progress-text]").textContent =
      `${done.toLocaleString()} of ${total.toLocaleString()} lines read`;
  }

  function showErrors(result) {
    const rowErrors = result.ok ? result.errors : [];
    const fileErrors = result.ok ? [] : result.errors;
    ui.errors.querySelector("[data-batch-file-errors]").replaceChildren(
      ...fileErrors.map((error) => element("p", error.message)));
    const table = ui.errors.querySelector("[data-batch-row-errors]");
    table.tBodies[0].replaceChildren(...rowErrors.map((error) => {
      const tr = document.createElement("tr");
      tr.append(element("td", String(error.row)), element("td", error.column), element("td", error.message));
      return tr;
    }));
    table.hidden = !rowErrors.length;
    ui.errors.querySelector("[data-batch-errors-more]").textContent = (result.display && result.display.errors_more) || "";
    ui.errors.hidden = !rowErrors.length && !fileErrors.length;
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
    ui.showing.textContent = result.display.showing;
    ui.more.hidden = !result.more;
  }

  function rowElement(row) {
    const tr = document.createElement("tr");
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
      tr.append(td);
    });
    return tr;
  }

  async function view(params, append) {
    if (!(await ensureScored())) return;
    const result = await run("batch", params);
    if (result.ok) showRows(result, append);
    else showErrors(result);
  }

  async function download(button) {
    if (!(await ensureScored())) return;
    // The worker sends the ranked CSV in parts (batch_table.EXPORT_ROWS rows each), each kept as a
    // Blob at once: one string of a long list's CSV is more than a worker's message can carry.
    const parts = [];
    form.setAttribute("aria-busy", "true");
    try {
      for (let offset = 0, more = true; more; ) {
        const result = await run("batch", { export: "csv", offset });
        if (!result.ok) return showErrors(result);
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
    enqueue(() => score({ csv: ui.text.value }));
  });
  ui.file.addEventListener("change", () => {
    const [file] = ui.file.files;
    if (file) enqueue(() => score({ file }));
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
}

function element(name, text, className = "") {
  const el = document.createElement(name);
  el.textContent = text;
  if (className) el.className = className;
  return el;
}
