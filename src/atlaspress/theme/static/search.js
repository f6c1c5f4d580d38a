/* atlaspress search, the part every page loads: waits for "/" or a click on a search button,
   then loads the overlay (search-app.js, the dialog's data-app) and opens it. The overlay is
   ~3 KB gzip no reader pays for before asking to search. Without JavaScript the header link
   leads to the archive. */
(() => {
  "use strict";
  const dialog = document.getElementById("search");
  if (!dialog || typeof dialog.showModal !== "function" || !dialog.dataset.app) return;
  let loading = null;
  const load = () => loading || (loading = new Promise((resolve, reject) => {
    const script = document.createElement("script");
    script.src = new URL(dialog.dataset.app, location.href).href;
    script.onload = resolve;
    script.onerror = reject;
    document.head.append(script);
  }));
  const start = (event) => {
    if (window.atlaspressSearch) return; // the overlay is here and handles it itself
    event.preventDefault();
    load().then(() => window.atlaspressSearch.open()).catch(() => {
      location.href = event.currentTarget && event.currentTarget.href ? event.currentTarget.href : dialog.dataset.root;
    });
  };
  for (const trigger of document.querySelectorAll("[data-search-open]")) trigger.addEventListener("click", start);
  document.addEventListener("keydown", (event) => {
    const target = event.target;
    const typing = target instanceof HTMLElement && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
    if (event.key === "/" && !typing && !event.ctrlKey && !event.metaKey && !event.altKey) start(event);
  });
})();
