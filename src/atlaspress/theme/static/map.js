/* atlaspress map loader. Until the reader asks for a map (button, or scrolling to it when the
   site sets map.load = "visible") this is the only map code on the page: MapLibre, its CSS,
   the basemap and map-app.js are fetched on demand, from this site only. */
(function () {
  "use strict";
  var loaded = {};
  function inject(url, css) {
    if (!loaded[url]) {
      loaded[url] = new Promise(function (resolve, reject) {
        var el = document.createElement(css ? "link" : "script");
        if (css) { el.rel = "stylesheet"; el.href = url; } else { el.src = url; el.async = false; }
        el.onload = function () { resolve(); };
        el.onerror = function () { reject(new Error("could not load " + url)); };
        document.head.appendChild(el);
      });
    }
    return loaded[url];
  }
  function start(box) {
    if (box.getAttribute("data-state") !== "idle") return;
    var cfg = JSON.parse(box.getAttribute("data-atlas-map"));
    var root = new URL(box.getAttribute("data-root") || "./", document.baseURI);
    var abs = function (u) { return u ? new URL(u, root).href : u; };
    var status = box.querySelector("[data-map-status]");
    var button = box.querySelector("[data-map-start]");
    box.setAttribute("data-state", "loading");
    if (button) button.disabled = true;
    if (status) status.textContent = "Loading the map…";
    var jobs = [inject(abs(cfg.css), true), inject(abs(cfg.lib))];
    if (cfg.pmtiles) jobs.push(inject(abs(cfg.pmtiles)));
    jobs.push(inject(abs(box.getAttribute("data-app"))));
    Promise.all(jobs).then(function () {
      return window.atlaspressMapApp(box, cfg, abs);
    }).catch(function (err) {
      box.setAttribute("data-state", "error");
      if (button) button.disabled = false;
      if (status) status.textContent = "The map could not be loaded (" + err.message + "). Everything it shows is listed below.";
    });
  }
  function copyEmbed(box) {
    var button = box.querySelector("[data-copy-embed]");
    var code = box.querySelector("[data-embed-code]");
    if (!button || !code) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      var done = function () { button.textContent = "Copied!"; setTimeout(function () { button.textContent = "Copy embed code"; }, 2000); };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(code.value).then(done, function () { code.select(); });
      } else {
        code.select();
        try { if (document.execCommand("copy")) done(); } catch (e) { /* the code stays selected */ }
      }
    });
  }
  function setup(box) {
    var cfg = JSON.parse(box.getAttribute("data-atlas-map"));
    var button = box.querySelector("[data-map-start]");
    copyEmbed(box);
    if (location.protocol === "file:") {
      var status = box.querySelector("[data-map-status]");
      if (status) status.textContent = "The interactive map needs the site served over HTTP (for example with `atlaspress serve`); everything it shows is listed below.";
      return;
    }
    if (button) {
      button.hidden = false;
      button.addEventListener("click", function () { start(box); });
    }
    if (cfg.load === "now") {
      start(box);
    } else if (cfg.load === "visible" && "IntersectionObserver" in window) {
      var seen = new IntersectionObserver(function (entries) {
        if (entries.some(function (e) { return e.isIntersecting; })) { seen.disconnect(); start(box); }
      }, { rootMargin: "200px" });
      seen.observe(box);
    }
  }
  function init() { Array.prototype.forEach.call(document.querySelectorAll("[data-atlas-map]"), setup); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init); else init();
})();
