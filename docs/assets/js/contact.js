// The next step, carried: email and WhatsApp buttons (macros/render_contact.py) open the buyer's own
// app with their answer and the link that reopens it already written; "copy my business case" puts
// the same text on the clipboard. The text is made when a button is touched, from the page as it is
// then; nothing is sent anywhere by the site.

// The page's answer, only while it is for the figures in the form.
function answer() {
  const headline = document.querySelector(".calc-answer [data-output=headline]");
  const region = headline && headline.closest("[data-state]");
  return region && region.dataset.state === "current" ? headline.textContent.trim() : "";
}

// As calculators/contact.py message() writes it: subject, answer, link.
function message(cta) {
  const said = answer();
  const lines = [cta.dataset.subject || document.title];
  if (said) lines.push("", said);
  lines.push("", `${said ? "My figures" : "The page"}: ${location.href}`);
  return lines.join("\n");
}

function prefill(link) {
  const cta = link.closest("[data-cta]");
  if (cta) link.href = link.dataset.prefill + encodeURIComponent(message(cta));
}

async function copy(button) {
  const cta = button.closest("[data-cta]");
  const status = cta && cta.querySelector("[data-copy-status]");
  try {
    await navigator.clipboard.writeText(message(cta));
    if (status) status.textContent = "Copied: paste it into an email or a message.";
  } catch {
    if (status) status.textContent = "Your browser did not allow copying; the address bar holds your figures.";
  }
}

for (const type of ["pointerdown", "focusin", "click"]) {
  document.addEventListener(type, (event) => {
    const link = event.target instanceof Element && event.target.closest("a[data-prefill]");
    if (link) prefill(link);
  });
}
document.addEventListener("click", (event) => {
  const button = event.target instanceof Element && event.target.closest("[data-copy-case]");
  if (button) copy(button);
});

// The copy button shows only where the browser offers a clipboard (a secure page).
function reveal() {
  if (!navigator.clipboard) return;
  for (const button of document.querySelectorAll("[data-copy-case][hidden]")) button.hidden = false;
}
if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(reveal);
else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", reveal);
else reveal();
