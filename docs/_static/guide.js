// Keyboard and screen-reader repairs of furo's page (WCAG 2.2 AA; checked by
// tests/test_accessibility.py with axe-core and by tabbing through a page).
"use strict";
(() => {
  const labels = document.getElementById("guide-labels")?.dataset ?? {};

  // sphinx-copybutton's own words for a copy that worked end with an ASCII
  // "!" in Chinese ("复制成功!"); ours come from sphinx.po. Its messages and
  // locale are top-level bindings of copybutton.js, loaded before this.
  if (labels.copied && typeof messages === "object" && typeof locale === "string") {
    const words = messages[locale];
    if (words) words.copy_success = labels.copied;
  }

  // 1. A block that scrolls sideways must be reachable by keyboard, or its
  // hidden end cannot be read (axe: scrollable-region-focusable). Only the
  // blocks that do scroll, at the width the reader has, become tab stops:
  // regions named after what they hold and numbered, since landmarks of a
  // page need distinct names ("Code 2", "Output 1").
  const SCROLLERS = "div.highlight > pre, div.table-wrapper";
  const kindOf = (element) => {
    if (element.matches("div.table-wrapper")) return "table";
    return element.closest("div.highlight-none") ? "output" : "code";
  };
  const FALLBACK = {code: "Code", output: "Output", table: "Table"};
  const markScrollers = () => {
    const counts = {code: 0, output: 0, table: 0};
    for (const element of document.querySelectorAll(SCROLLERS)) {
      const kind = kindOf(element);
      const number = ++counts[kind];
      const scrolls = element.scrollWidth > element.clientWidth + 1;
      if (scrolls && (!element.hasAttribute("tabindex") || "scrolls" in element.dataset)) {
        element.tabIndex = 0;
        element.setAttribute("role", "region");
        element.setAttribute("aria-label", `${labels[kind] || FALLBACK[kind]} ${number}`);
        element.dataset.scrolls = "";
      } else if (!scrolls && "scrolls" in element.dataset) {
        element.removeAttribute("tabindex");
        element.removeAttribute("role");
        element.removeAttribute("aria-label");
        delete element.dataset.scrolls;
      }
    }
  };
  let pending = 0;
  const later = () => {
    cancelAnimationFrame(pending);
    pending = requestAnimationFrame(markScrollers);
  };
  // 2. A table of three columns or more is too wide for a phone: guide.css
  // makes each row a card there, each cell labelled with its column's
  // header (data-label), the first cell the card's title.
  for (const table of document.querySelectorAll("article table.docutils")) {
    const headers = [...table.querySelectorAll("thead th")].map((th) => th.textContent.trim());
    if (headers.length < 3) continue;
    table.classList.add("stacks");
    for (const row of table.querySelectorAll("tbody tr")) {
      [...row.children].forEach((cell, i) => {
        if (headers[i]) cell.dataset.label = headers[i];
      });
    }
  }

  markScrollers();
  window.addEventListener("resize", later);
  // Fonts (CJK ones are large) change the widths after the first layout.
  document.fonts?.ready.then(later);

  // 3. Furo's drawer toggles, on a phone or a zoomed window, are <label>s for
  // hidden checkboxes: no tab stop, no role, no state. Each becomes a real
  // button that says what it opens and whether it is open, and moves the
  // focus into the drawer it opened; Escape closes a drawer and gives the
  // focus back. (guide.css hides a closed drawer from Tab.)
  const drawers = {__navigation: "site-navigation", __toc: "page-contents"};
  const toggles = [];
  for (const label of document.querySelectorAll("label.nav-overlay-icon, label.toc-overlay-icon")) {
    const box = document.getElementById(label.htmlFor);
    const drawer = document.getElementById(drawers[label.htmlFor]);
    if (!box || !drawer) continue;
    const toggle = document.createElement("button");
    toggle.type = "button";
    toggle.className = `${label.className} drawer-toggle`;
    toggle.dataset.for = box.id;
    toggle.append(...label.childNodes);
    toggle.setAttribute("aria-label", box.getAttribute("aria-label"));
    toggle.setAttribute("aria-controls", drawer.id);
    label.replaceWith(toggle);
    toggles.push(toggle);
    const sync = () => toggle.setAttribute("aria-expanded", String(box.checked));
    sync();
    box.addEventListener("change", sync);
    toggle.addEventListener("click", (event) => {
      box.click();
      // A keyboard's click (Enter, Space) has no pointer position.
      if (box.checked && event.detail === 0) {
        // After guide.css has made the drawer visible.
        // The first link shown: furo hides the toc's link to the page itself.
        requestAnimationFrame(() => [...drawer.querySelectorAll("a[href], input, button")]
          .find((e) => e.getClientRects().length)?.focus());
      }
    });
  }

  // 4. On a phone furo's header stays at the top of the window, and the
  // browser, moving to the focus, may leave it under the header (a block
  // taller than the window, a copy button over its top). Scroll it clear
  // (WCAG 2.4.11, focus not obscured). The drawers lie above the header.
  const header = document.querySelector(".mobile-header");
  document.addEventListener("focusin", (event) => {
    const target = event.target;
    if (!header || getComputedStyle(header).display === "none") return;
    if (header.contains(target) || target.closest(".sidebar-drawer, .toc-drawer")) return;
    const below = header.getBoundingClientRect().bottom + 8;
    const top = target.getBoundingClientRect().top;
    if (top < below) window.scrollBy({top: top - below, behavior: "instant"});
  });

  document.addEventListener("keydown", (event) => {
    if (event.key !== "Escape") return;
    for (const [boxId, drawerId] of Object.entries(drawers)) {
      const box = document.getElementById(boxId);
      if (!box?.checked) continue;
      const drawer = document.getElementById(drawerId);
      box.click();
      const opener = toggles.find((t) => t.dataset.for === boxId && t.offsetParent !== null);
      if (drawer?.contains(document.activeElement) || !document.activeElement) opener?.focus();
    }
  });
})();
