// Progressive enhancement only: every form also works without scripts.
document.addEventListener("change", (event) => {
  const target = event.target;
  if (target instanceof HTMLSelectElement && target.dataset.autosubmit !== undefined) {
    target.form.submit();
  }
});

// What-if: submit only what the user set (the server shortens the URL the same way without JS).
document.addEventListener("submit", (event) => {
  const form = event.target;
  if (!(form instanceof HTMLFormElement) || form.dataset.shortUrl === undefined) return;
  for (const field of form.querySelectorAll("input[name], select[name]")) {
    const name = field.name;
    let keep = field.value !== "";
    if (name.startsWith("pct_") || name.startsWith("to_")) {
      const id = name.slice(name.indexOf("_") + 1);
      const action = form.querySelector(`select[name="act_${CSS.escape(id)}"]`);
      const wanted = name.startsWith("pct_") ? "reprice" : "reassign";
      keep = keep && action !== null && action.value === wanted;
    }
    if (!keep) field.disabled = true;
  }
  setTimeout(() => form.querySelectorAll("[disabled]").forEach((f) => { f.disabled = false; }), 0);
});

// A region that scrolls sideways (a wide table on a phone) takes keyboard focus, so it can be
// scrolled without a mouse (WCAG 2.1.1; axe's scrollable-region-focusable).
function focusableScrollers() {
  for (const region of document.querySelectorAll("table.grid, .table-wrap, #clients-block")) {
    if (region.scrollWidth > region.clientWidth + 1) {
      region.setAttribute("tabindex", "0");
    } else if (region.getAttribute("tabindex") === "0") {
      region.removeAttribute("tabindex");
    }
  }
}
document.addEventListener("DOMContentLoaded", focusableScrollers);
window.addEventListener("resize", focusableScrollers);
document.addEventListener("htmx:afterSwap", focusableScrollers);

// What-if: typing a price change or picking a colleague chooses the matching action when none
// is chosen yet, so the value is not dropped from the short URL (without JS the select is needed).
document.addEventListener("input", (event) => {
  const field = event.target;
  const form = field instanceof HTMLElement ? field.closest("form[data-short-url]") : null;
  if (form === null || !("name" in field) || field.value === "") return;
  const [prefix, ...rest] = field.name.split("_");
  const wanted = { pct: "reprice", to: "reassign" }[prefix];
  const action = wanted && form.querySelector(`select[name="act_${CSS.escape(rest.join("_"))}"]`);
  if (action && action.value === "") action.value = wanted;
});
