// make preview: reload the page when a build has written new pages, and show
// what the last build said (its warnings, or why it failed). Served with each
// page by tools/preview/server.py, never written into the build.
(() => {
  "use strict";
  const shown = document.currentScript.dataset.build;
  let box = null;

  function report(state) {
    if (state.status === "ok") {
      if (box) box.remove();
      box = null;
      return;
    }
    if (!box) {
      box = document.createElement("div");
      box.id = "preview-status";
      box.style.cssText = "position:fixed;inset:auto 0 0 0;z-index:10000;max-height:40vh;" +
        "overflow:auto;margin:0;padding:.5em 1em;font:13px/1.4 monospace;" +
        "background:#fff3cd;color:#3d2e00;border-top:2px solid #d39e00;white-space:pre-wrap";
      document.body.append(box);
    }
    const title = {
      failed: "make preview: the last build failed; this page is from the build before it.",
      warnings: "make preview: the last build printed warnings.",
      building: "make preview: building from scratch; the page reloads when it is done.",
    }[state.status] || `make preview: ${state.status}`;
    box.textContent = [title, ...state.messages].join("\n");
  }

  const events = new EventSource("/_preview/events");
  events.onmessage = (event) => {
    const state = JSON.parse(event.data);
    if (String(state.build) !== shown) {
      location.reload();
    } else {
      report(state);
    }
  };
})();
