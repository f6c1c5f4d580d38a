/* atlaspress interactive maps, loaded by map.js together with MapLibre GL JS when the reader
   asks for a map. Post maps: the post's layers on the Natural Earth (or configured) basemap,
   toggles, pop-ups, keyboard. World map: every place, clustered, coloured by series. */
(function () {
  "use strict";
  var ml = window.maplibregl;

  function getJSON(url) {
    return fetch(url).then(function (r) {
      if (!r.ok) throw new Error(r.status + " " + url);
      return r.json();
    });
  }

  // Source URLs in the style are relative to the site root; the worker needs absolute ones.
  function resolveSources(style, abs) {
    Object.keys(style.sources).forEach(function (id) {
      var s = style.sources[id];
      if (typeof s.data === "string") s.data = abs(s.data);
      if (typeof s.url === "string" && !/^[a-z]+:/i.test(s.url)) s.url = abs(s.url);
    });
  }

  function say(box, text) {
    var status = box.querySelector("[data-map-status]");
    if (status) status.textContent = text;
  }

  function vectorLayers(meta, source) {
    // A generic look for any vector archive: water, land, boundaries, then other lines.
    var out = [];
    (meta.vector_layers || []).forEach(function (v) {
      var id = v.id, name = id.toLowerCase();
      if (/water|ocean|sea|lake/.test(name)) {
        out.push({ id: "pm-" + id, type: "fill", source: source, "source-layer": id,
          filter: ["==", ["geometry-type"], "Polygon"], paint: { "fill-color": "#d3e5ef" } });
      } else if (/earth|land|park|landuse|landcover/.test(name)) {
        out.push({ id: "pm-" + id, type: "fill", source: source, "source-layer": id,
          filter: ["==", ["geometry-type"], "Polygon"], paint: { "fill-color": "#f5f0e6", "fill-opacity": 0.9 } });
      } else if (/boundar|admin|border/.test(name)) {
        out.push({ id: "pm-" + id, type: "line", source: source, "source-layer": id,
          paint: { "line-color": "#a39888", "line-width": 1, "line-dasharray": [3, 2] } });
      } else if (/road|transport|rail/.test(name)) {
        out.push({ id: "pm-" + id, type: "line", source: source, "source-layer": id,
          filter: ["==", ["geometry-type"], "LineString"], paint: { "line-color": "#ffffff", "line-width": 1 } });
      }
    });
    return out;
  }

  function addPmtiles(style, abs) {
    var meta = style.metadata && style.metadata["atlaspress:pmtiles"];
    if (!meta) return Promise.resolve();
    var protocol = new window.pmtiles.Protocol();
    ml.addProtocol("pmtiles", protocol.tile);
    var url = /^[a-z]+:/i.test(meta.url) ? meta.url : abs(meta.url);
    var archive = new window.pmtiles.PMTiles(url);
    protocol.add(archive);
    return archive.getHeader().then(function (header) {
      var firstOverlay = style.layers.findIndex(function (l) { return l.source === "post"; });
      var extra;
      if (header.tileType === 1) {
        style.sources.basemap = { type: "vector", url: "pmtiles://" + url, attribution: meta.attribution };
        return archive.getMetadata().then(function (m) {
          extra = vectorLayers(m || {}, "basemap");
          style.layers.splice.apply(style.layers, [firstOverlay, 0].concat(extra));
        });
      }
      style.sources.basemap = { type: "raster", url: "pmtiles://" + url, tileSize: 256, attribution: meta.attribution };
      style.layers.splice(firstOverlay, 0, { id: "pm-raster", type: "raster", source: "basemap" });
    });
  }

  function makeMap(box, cfg, style, options) {
    var stage = box.querySelector("[data-map-canvas]");
    stage.hidden = false;
    box.classList.add("webmap--live");
    var base = style.metadata && style.metadata["atlaspress:base-style"];
    var own = style;
    var opts = Object.assign({
      container: stage, style: base || style, attributionControl: { compact: false },
      dragRotate: false, touchPitch: false, pitchWithRotate: false, maxPitch: 0
    }, options);
    var map = new ml.Map(opts);
    if (base) {
      // The author's style: put the post's source and layers on top once it has loaded.
      map.once("style.load", function () {
        Object.keys(own.sources).forEach(function (id) { if (!map.getSource(id)) map.addSource(id, own.sources[id]); });
        own.layers.forEach(function (l) { if (l.source && !map.getLayer(l.id)) map.addLayer(l); });
      });
    }
    map.touchZoomRotate.disableRotation();
    map.keyboard.disableRotation();
    map.addControl(new ml.NavigationControl({ showCompass: false }), "top-right");
    map.once("idle", function () {
      box.setAttribute("data-state", "ready");
      say(box, "");
    });
    map.on("error", function (e) { if (window.console) console.warn("map:", e && e.error ? e.error.message : e); });
    box.__map = map;
    window.__atlaspressMap = map;
    return map;
  }

  function lngNear(lng, centre) { return lng + 360 * Math.round((centre - lng) / 360); }

  function anchorOf(feature, map) {
    // The vertex of a feature nearest the centre of the view, in screen pixels.
    var centre = map.getCenter(), c = map.project(centre), best = null;
    (function walk(node) {
      if (typeof node[0] === "number") {
        var ll = [lngNear(node[0], centre.lng), node[1]], p = map.project(ll);
        var d = (p.x - c.x) * (p.x - c.x) + (p.y - c.y) * (p.y - c.y);
        if (!best || d < best.d) best = { d: d, lngLat: ll };
        return;
      }
      node.forEach(walk);
    })(feature.geometry.coordinates);
    return best;
  }

  function keyboard(map, box, candidates, open, close) {
    var canvas = map.getCanvas(), cycle = null, at = -1;
    map.on("movestart", function () { cycle = null; });
    canvas.addEventListener("keydown", function (e) {
      if (e.key === "Enter") {
        e.preventDefault();
        if (!cycle) {
          cycle = candidates().map(function (f) { var a = anchorOf(f, map); return a && { f: f, a: a }; })
            .filter(Boolean).sort(function (x, y) { return x.a.d - y.a.d; });
          at = -1;
        }
        if (!cycle.length) { say(box, "No feature in view. Zoom out with the minus key."); return; }
        at = (at + 1) % cycle.length;
        open(cycle[at].f, cycle[at].a.lngLat, (at + 1) + " of " + cycle.length);
      } else if (e.key === "Escape") {
        close();
      }
    });
  }

  function popupContent(box, feature, fallback) {
    var div = document.createElement("div");
    div.className = "webmap__popup";
    var item = box.querySelector('[data-feature="' + feature.properties._i + '"]');
    if (item) {
      var name = item.querySelector(".feature__name"), desc = item.querySelector(".feature__desc");
      var h = document.createElement("strong");
      h.textContent = name ? name.textContent : fallback;
      div.appendChild(h);
      if (desc) div.appendChild(desc.cloneNode(true));
    } else {
      var strong = document.createElement("strong");
      strong.textContent = feature.properties.name || fallback;
      div.appendChild(strong);
    }
    return div;
  }

  function postMap(box, cfg, abs, style, data) {
    style.sources.post.data = data;
    if (cfg.detail && style.sources.detail) style.sources.detail.data = abs(cfg.detail);
    data.features = data.features.filter(function (f, i) {
      f.properties = f.properties || {};
      f.properties._i = i;
      f.properties._key = f.properties.layer + "/" + (f.properties.group || "");
      return !!f.geometry;
    });
    var overlays = style.layers.filter(function (l) { return l.source === "post"; });
    var baseFilters = {};
    overlays.forEach(function (l) { baseFilters[l.id] = l.filter; });
    var ids = overlays.map(function (l) { return l.id; });
    var clickable = ids.filter(function (id) { return !/-label$|-casing$/.test(id); });
    var b = cfg.bounds;
    var map = makeMap(box, cfg, style, {
      bounds: [[b[0], b[1]], [b[2], b[3]]], fitBoundsOptions: { padding: 40, maxZoom: 15 }
    });
    map.addControl(new ml.ScaleControl({ unit: "metric" }), "bottom-left");
    if (ml.FullscreenControl && !box.classList.contains("webmap--full")) map.addControl(new ml.FullscreenControl(), "top-right");
    var canvas = map.getCanvas();
    canvas.setAttribute("aria-label", "Interactive map of " + cfg.title + ". Arrow keys pan, plus and minus zoom, " +
      "Enter opens the feature nearest the centre (again for the next), Escape closes it. The features are also listed below the map.");
    var popup = null;
    function close() { if (popup) { popup.remove(); popup = null; } }
    function open(feature, lngLat, position) {
      close();
      popup = new ml.Popup({ maxWidth: "320px", focusAfterOpen: false, offset: 10 })
        .setLngLat(lngLat).setDOMContent(popupContent(box, feature, cfg.title)).addTo(map);
      popup.on("close", function () { popup = null; });
      var name = feature.properties.name || cfg.title;
      say(box, position ? name + ", " + position + ". Enter for the next, Escape to close." : name);
    }
    map.on("click", function (e) {
      var p = e.point, hits = map.queryRenderedFeatures([[p.x - 6, p.y - 6], [p.x + 6, p.y + 6]], { layers: clickable });
      if (!hits.length) return;
      var f = data.features.find(function (x) { return x.properties._i === hits[0].properties._i; }) || hits[0];
      var at = f.geometry.type === "Point" ? [lngNear(f.geometry.coordinates[0], e.lngLat.lng), f.geometry.coordinates[1]] : e.lngLat;
      open(f, at);
    });
    clickable.forEach(function (id) {
      map.on("mouseenter", id, function () { canvas.style.cursor = "pointer"; });
      map.on("mouseleave", id, function () { canvas.style.cursor = ""; });
    });
    box.addEventListener("keydown", function (e) { if (e.key === "Escape" && popup) { close(); canvas.focus(); } });
    keyboard(map, box, function () {
      var seen = {}, out = [];
      map.queryRenderedFeatures({ layers: clickable }).forEach(function (h) {
        var i = h.properties._i;
        if (seen[i]) return;
        seen[i] = true;
        var f = data.features.find(function (x) { return x.properties._i === i; });
        if (f) out.push(f);
      });
      return out;
    }, open, close);
    // Layer toggles: one checkbox per layer or KML folder, doubling as the legend.
    var toggles = box.querySelectorAll("[data-map-toggle]");
    function applyToggles() {
      var hidden = [];
      Array.prototype.forEach.call(toggles, function (t) { if (!t.checked) hidden.push(t.value); });
      ids.forEach(function (id) {
        var f = ["!", ["in", ["get", "_key"], ["literal", hidden]]];
        map.setFilter(id, baseFilters[id] ? ["all", baseFilters[id], f] : f);
      });
      close();
    }
    Array.prototype.forEach.call(toggles, function (t) {
      t.hidden = false;
      t.addEventListener("change", applyToggles);
    });
    return map;
  }

  function worldMap(box, cfg, abs, style, data) {
    style.sources.post = { type: "geojson", data: data, cluster: true, clusterRadius: 24, clusterMaxZoom: 5 };
    var map = makeMap(box, cfg, style, { center: [20, 25], zoom: 0.6, minZoom: 0, renderWorldCopies: true });
    if (ml.GlobeControl) map.addControl(new ml.GlobeControl(), "top-right");
    // The edges are a meridian clear of every marker (webmap.site.world_seam), so a place on
    // the antimeridian is drawn whole in the middle of the map, not as two halves at its edges.
    var wb = cfg.bounds || [-168, -45, 192, 78];
    map.once("load", function () { map.fitBounds([[wb[0], wb[1]], [wb[2], wb[3]]], { padding: 4, animate: false }); });
    var canvas = map.getCanvas(), popup = null;
    canvas.setAttribute("aria-label", "World map of every place covered. Arrow keys pan, plus and minus zoom, " +
      "Enter shows the place nearest the centre with a link to its story. The places are also listed on this page.");
    function go(props) { window.location.href = abs(props.url); }
    function close() { if (popup) { popup.remove(); popup = null; } }
    function open(feature, lngLat, position) {
      close();
      var p = feature.properties, div = document.createElement("div"), a = document.createElement("a");
      div.className = "webmap__popup";
      a.href = abs(p.url);
      a.textContent = p.title;
      var h = document.createElement("strong");
      h.appendChild(a);
      div.appendChild(h);
      if (p.summary) { var s = document.createElement("p"); s.textContent = p.summary; div.appendChild(s); }
      popup = new ml.Popup({ maxWidth: "300px", focusAfterOpen: false, offset: 10 }).setLngLat(lngLat).setDOMContent(div).addTo(map);
      say(box, p.title + (position ? ", " + position + ". Enter for the next, Escape to close." : ""));
    }
    map.on("click", "places-point", function (e) { if (e.features.length) go(e.features[0].properties); });
    map.on("click", "places-cluster", function (e) {
      var f = e.features[0];
      map.getSource("post").getClusterExpansionZoom(f.properties.cluster_id).then(function (z) {
        map.easeTo({ center: f.geometry.coordinates, zoom: z + 0.5 });
      });
    });
    ["places-point", "places-cluster"].forEach(function (id) {
      map.on("mouseenter", id, function () { canvas.style.cursor = "pointer"; });
      map.on("mouseleave", id, function () { canvas.style.cursor = ""; });
    });
    map.on("mousemove", "places-point", function (e) {
      canvas.title = e.features.length ? e.features[0].properties.title : "";
    });
    keyboard(map, box, function () {
      return data.features;
    }, open, close);
    return map;
  }

  window.atlaspressMapApp = function (box, cfg, abs) {
    return Promise.all([getJSON(abs(cfg.style)), getJSON(abs(cfg.data))]).then(function (got) {
      var style = got[0], data = got[1];
      resolveSources(style, abs);
      return addPmtiles(style, abs).then(function () {
        return cfg.kind === "world" ? worldMap(box, cfg, abs, style, data) : postMap(box, cfg, abs, style, data);
      });
    });
  };
})();
