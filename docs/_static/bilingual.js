// The English originals of a translated page (tools/extensions/taskgroup_guide_ext/bilingual.py):
// off by default; the reader's choice is remembered for every page.
"use strict";
(() => {
  const KEY = "taskgroup-guide:show-original";
  const button = document.querySelector("button.original-toggle");
  if (!button) return;

  const remembered = () => {
    try {
      return localStorage.getItem(KEY) === "true";
    } catch {
      return false; // storage blocked: off, as by default
    }
  };
  const remember = (on) => {
    try {
      localStorage.setItem(KEY, String(on));
    } catch {}
  };

  // Each original waits in a <script type="text/html"> after its paragraph;
  // it becomes a real element the first time it is asked for.
  const reveal = () => {
    for (const script of document.querySelectorAll('script.original[type="text/html"]')) {
      if (script.nextElementSibling?.classList.contains("original")) continue;
      const block = document.createElement("div");
      block.className = "original";
      block.lang = script.dataset.lang;
      // Undo what bilingual.py escaped so that the script would not end early.
      block.innerHTML = script.textContent.replace(/<\\(?=\/script|!--)/gi, "<");
      script.after(block);
    }
  };

  const show = (on) => {
    if (on) reveal();
    document.documentElement.classList.toggle("show-original", on);
    button.setAttribute("aria-pressed", String(on));
  };

  show(remembered());
  button.hidden = false;
  button.addEventListener("click", () => {
    const on = button.getAttribute("aria-pressed") !== "true";
    remember(on);
    show(on);
  });
  // Another tab changed it: follow, so every open page agrees.
  window.addEventListener("storage", (event) => {
    if (event.key === KEY) show(remembered());
  });
})();
