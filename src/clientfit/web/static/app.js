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

// Charts: the server's SVG is shown through <img> (the no-JS view). With scripts, the same SVG
// is fetched and put inline, so its marks link to their client and show their tooltip (already
// formatted in the page's language on the server, carried as each mark's aria-label).
async function inlineChart(img) {
  const response = await fetch(img.src, { credentials: "same-origin" });
  if (!response.ok || !(response.headers.get("content-type") || "").includes("svg")) return;
  const parsed = new DOMParser().parseFromString(await response.text(), "image/svg+xml");
  const svg = parsed.documentElement;
  if (svg.localName !== "svg" || parsed.querySelector("parsererror")) return;
  for (const node of svg.querySelectorAll("script, foreignObject")) node.remove();
  const XLINK = "http://www.w3.org/1999/xlink";
  for (const link of svg.querySelectorAll("a")) {  // SVG 2's plain href; only our own pages
    const target = link.getAttributeNS(XLINK, "href") || "";
    link.removeAttributeNS(XLINK, "href");
    if (target.startsWith("/") && !target.startsWith("//")) link.setAttribute("href", target);
  }
  for (const mark of svg.querySelectorAll('[role="graphics-symbol"][aria-label]')) {
    if (mark.getAttribute("aria-roledescription") === "line mark") continue;
    const title = document.createElementNS("http://www.w3.org/2000/svg", "title");
    title.textContent = mark.getAttribute("aria-label");
    mark.prepend(title);
  }
  const name = document.createElementNS("http://www.w3.org/2000/svg", "title");
  name.textContent = img.alt;
  svg.prepend(name);
  svg.setAttribute("aria-label", img.alt);
  const figure = document.createElement("div");
  figure.className = "chart-inline";
  figure.style.maxWidth = `${img.getAttribute("width") || svg.getAttribute("width")}px`;
  figure.append(document.importNode(svg, true));
  img.replaceWith(figure);
  focusableScrollers();
}
document.addEventListener("DOMContentLoaded", () => {
  for (const img of document.querySelectorAll('img[src*="/charts/"][src$=".svg"]')) {
    inlineChart(img).catch(() => {});  // the picture stays: it is the no-JS view
  }
});
