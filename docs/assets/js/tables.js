// Wide tables: Material wraps every table in a scrolling box. A box whose
// table is wider than the page becomes a named, focusable region, so a
// keyboard can scroll it (arrow keys once focused) and a screen reader
// announces it; CSS keeps each table's first column in view while it scrolls.

function nameOf(wrap) {
  const table = wrap.querySelector("table");
  const caption = table && (table.getAttribute("aria-label") || table.caption?.textContent);
  if (caption) return caption.trim();
  let el = wrap;
  while (el && !/^H[1-6]$/.test(el.tagName)) el = el.previousElementSibling || el.parentElement;
  const heading = el ? el.textContent.replace(/¶$/, "").trim() : "";
  return heading ? `Table: ${heading} (scrolls sideways)` : "Table (scrolls sideways)";
}

// Sizes change after a page is shown (results drawn by the calculators, a
// stylesheet or the window): each box and its table are watched, and marked
// again whenever either changes size.
const resized = "ResizeObserver" in window ? new ResizeObserver(() => markWideTables()) : null;
const watched = new WeakSet();

function markWideTables() {
  for (const wrap of document.querySelectorAll(".md-typeset__scrollwrap")) {
    const wide = wrap.scrollWidth > wrap.clientWidth + 1;
    if (wide && !wrap.hasAttribute("tabindex")) {
      wrap.setAttribute("tabindex", "0");
      wrap.setAttribute("role", "region");
      wrap.setAttribute("aria-label", nameOf(wrap));
    } else if (!wide && wrap.getAttribute("role") === "region") {
      wrap.removeAttribute("tabindex");
      wrap.removeAttribute("role");
      wrap.removeAttribute("aria-label");
    }
    if (resized && !watched.has(wrap)) {
      watched.add(wrap);
      resized.observe(wrap);
      const table = wrap.querySelector("table");
      if (table) resized.observe(table);
    }
  }
}

// Material wraps the tables when it shows a page; mark them just after.
function onPage() {
  requestAnimationFrame(() => requestAnimationFrame(markWideTables));
}

if (window.document$ && typeof window.document$.subscribe === "function") {
  window.document$.subscribe(onPage);
} else if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", onPage);
} else {
  onPage();
}
