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

  // The maps' palette (atlaspress.core.palette), from the style's metadata.
  function palette(style) {
    return style.metadata["atlaspress:palette"];
  }

  function vectorLayers(meta, source, colours) {
    // A generic look for any vector archive: water, land, boundaries, then other lines.
    var out = [];
    (meta.vector_layers || []).forEach(function (v) {
      var id = v.id, name = id.toLowerCase();
      if (/water|ocean|sea|lake/.test(name)) {
        out.push({ id: "pm-" + id, type: "fill", source: source, "source-layer": id,
          filter: ["==", ["geometry-type"], "Polygon"], paint: { "fill-color": colours.sea } });
      } else if (/earth|land|park|landuse|landcover/.test(name)) {
        out.push({ id: "pm-" + id, type: "fill", source: source, "source-layer": id,
          filter: ["==", ["geometry-type"], "Polygon"], paint: { "fill-color": colours.land, "fill-opacity": 0.9 } });
      } else if (/boundar|admin|border/.test(name)) {
        out.push({ id: "pm-" + id, type: "line", source: source, "source-layer": id,
          paint: { "line-color": colours.border, "line-width": 1, "line-dasharray": [3, 2] } });
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
          extra = vectorLayers(m || {}, "basemap", palette(style));
          style.layers.splice.apply(style.layers, [firstOverlay, 0].concat(extra));
        });
      }
      style.sources.basemap = { type: "raster", url: "pmtiles://" + url, tileSize: 256, attribution: meta.attribution };
      style.layers.splice(firstOverlay, 0, { id: "pm-raster", type: "raster", source: "basemap" });
    });
  }

  // --- obstacles: the canvas edge, the controls and the post's lines keep labels off -----
  var BLANK = "atlaspress-blank", STEP = 20, HALF = 12;

  function blankImage(map) {
    map.on("styleimagemissing", function (e) {
      if (e.id === BLANK && !map.hasImage(BLANK)) {
        map.addImage(BLANK, { width: 2 * HALF, height: 2 * HALF, data: new Uint8Array(4 * 4 * HALF * HALF) });
      }
    });
  }

  function controlRects(map) {
    // The map's own buttons and notes, in canvas pixels: labels and pop-ups stay clear of them.
    var c = map.getContainer().getBoundingClientRect(), out = [];
    Array.prototype.forEach.call(map.getContainer().querySelectorAll(".maplibregl-ctrl"), function (el) {
      var r = el.getBoundingClientRect();
      if (r.width && r.height) out.push({ left: r.left - c.left, top: r.top - c.top, right: r.right - c.left, bottom: r.bottom - c.top });
    });
    return out;
  }

  function updateFrame(map) {
    // Points every STEP px along the canvas edge and over each control, each carrying a
    // transparent 24 px icon (style: frame-obstacle, placed before every label): a label
    // that would be cut by the edge or hidden under a button collides and moves or is dropped.
    var src = map.getSource("frame");
    if (!src) return;
    // The edge's icons sit just outside the canvas (their inner side 2 px inside it), so
    // they stop labels that would cross the edge and nothing else.
    var w = map.getCanvas().clientWidth, h = map.getCanvas().clientHeight, pts = [], x, y, o = HALF - 2;
    for (x = -o; x <= w + o; x += STEP) { pts.push([x, -o], [x, h + o]); }
    for (y = -o + STEP; y < h + o; y += STEP) { pts.push([-o, y], [w + o, y]); }
    controlRects(map).forEach(function (r) {
      for (x = r.left; x <= r.right + STEP - 1; x += STEP) {
        for (y = r.top; y <= r.bottom + STEP - 1; y += STEP) pts.push([Math.min(x, r.right), Math.min(y, r.bottom)]);
      }
    });
    var features = pts.map(function (p) { return point(map, p, "edge"); });
    // The post's lines (style: post-obstacle, 8 px icons): a point every LINE_STEP px along
    // each, on screen, so no gap is left for a label to slip through at any zoom.
    (map.__postLines || []).forEach(function (line) {
      var prev = null;
      line.forEach(function (ll) {
        var p = map.project(ll);
        if (prev) {
          var d = Math.hypot(p.x - prev.x, p.y - prev.y), n = Math.ceil(d / LINE_STEP);
          for (var i = 0; i < n && d < 4 * (w + h); i++) {
            var q = [prev.x + (p.x - prev.x) * i / n, prev.y + (p.y - prev.y) * i / n];
            if (q[0] > -HALF && q[1] > -HALF && q[0] < w + HALF && q[1] < h + HALF) features.push(point(map, q, "line"));
          }
        }
        prev = p;
      });
      if (prev && prev.x > -HALF && prev.y > -HALF && prev.x < w + HALF && prev.y < h + HALF) features.push(point(map, [prev.x, prev.y], "line"));
    });
    src.setData({ type: "FeatureCollection", features: features });
  }

  var LINE_STEP = 5;

  function point(map, p, kind) {
    var ll = map.unproject(p);
    return { type: "Feature", properties: { k: kind }, geometry: { type: "Point", coordinates: [ll.lng, ll.lat] } };
  }

  function postLines(data) {
    // Every line of the post, as lists of [lng, lat] (the obstacles of updateFrame).
    var out = [];
    data.features.forEach(function (f) {
      var g = f.geometry;
      if (g.type === "LineString") out.push(g.coordinates);
      else if (g.type === "MultiLineString") out.push.apply(out, g.coordinates);
    });
    return out;
  }

  // --- leaders: a label set a ring further out (a point inside a narrow band of the post's
  // lines, Panmunjom between the edges of the DMZ) gets a thin line to its marker ----------
  function labelBoxes(map) {
    // The boxes MapLibre placed for the post's point labels, with the feature each labels:
    // read from its collision index (no public API says where a label went). Empty if that
    // changes shape in another MapLibre version: the labels stay, without leaders.
    var out = [];
    try {
      var pl = map.style.placement, g = pl.collisionIndex.grid, pad = pl.collisionIndex.screenRightBoundary - map.getCanvas().clientWidth;
      for (var i = 0; i < g.boxKeys.length; i++) {
        var k = g.boxKeys[i], r = pl.retainedQueryData[k.bucketInstanceId];
        if (!r || !/^post-(place-)?label$/.test(r.featureIndex.bucketLayerIDs[r.bucketIndex][0])) continue;
        var vt = r.featureIndex.loadVTLayers(), f = vt[Object.keys(vt)[0]].feature(k.featureIndex);
        var b = g.bboxes;
        out.push({ i: f.properties._i, box: [b[4 * i] - pad, b[4 * i + 1] - pad, b[4 * i + 2] - pad, b[4 * i + 3] - pad] });
      }
    } catch (e) { return []; }
    return out;
  }

  function updateLeaders(map, data, gap) {
    var src = map.getSource("leaders");
    if (!src) return;
    var lines = [];
    labelBoxes(map).forEach(function (l) {
      var f = data.features.find(function (x) { return x.properties._i === l.i; });
      if (!f || f.geometry.type !== "Point") return;
      var p = map.project(f.geometry.coordinates), b = l.box;
      var x = Math.max(b[0], Math.min(p.x, b[2])), y = Math.max(b[1], Math.min(p.y, b[3]));
      var d = Math.hypot(x - p.x, y - p.y);
      if (d <= gap) return;  // beside its marker: no leader
      var from = 9 / d, to = 1 - 3 / d;  // from the marker's rim to just short of the label
      lines.push([map.unproject([p.x + (x - p.x) * from, p.y + (y - p.y) * from]).toArray(),
                  map.unproject([p.x + (x - p.x) * to, p.y + (y - p.y) * to]).toArray()]);
    });
    var key = JSON.stringify(lines);
    if (key === src.__leaders) return;  // setData draws again and ends in another idle
    src.__leaders = key;
    src.setData({ type: "FeatureCollection", features: lines.map(function (c) {
      return { type: "Feature", properties: {}, geometry: { type: "LineString", coordinates: c } };
    }) });
  }

  function roomOf(data) {
    // Each point's distance (m, roughly) to the nearest of the post's lines, as _room: the
    // labels are placed closest first (symbol-sort-key), so a point hemmed in by lines gets
    // its pick of the few places left before a point in the open takes one of them.
    var segs = [];
    postLines(data).forEach(function (c) { for (var i = 1; i < c.length; i++) segs.push([c[i - 1], c[i]]); });
    data.features.forEach(function (f) {
      if (f.geometry.type !== "Point") return;
      var p = f.geometry.coordinates, k = Math.cos(p[1] * Math.PI / 180), best = 1e7;
      segs.forEach(function (s) {
        var ax = (s[0][0] - p[0]) * k, ay = s[0][1] - p[1], bx = (s[1][0] - p[0]) * k, by = s[1][1] - p[1];
        var dx = bx - ax, dy = by - ay, t = dx || dy ? Math.max(0, Math.min(1, -(ax * dx + ay * dy) / (dx * dx + dy * dy))) : 0;
        best = Math.min(best, Math.hypot(ax + t * dx, ay + t * dy) * 111320);
      });
      f.properties._room = Math.round(best);
    });
  }

  function watchLeaders(map, data, gap) {
    map.on("movestart", function () { var s = map.getSource("leaders"); if (s && s.__leaders !== "[]") { s.__leaders = "[]"; s.setData({ type: "FeatureCollection", features: [] }); } });
    map.on("idle", function () { updateLeaders(map, data, gap); });
  }

  function watchFrame(map) {
    var pending = null;
    function soon() { if (!pending) pending = setTimeout(function () { pending = null; updateFrame(map); }, 0); }
    map.on("load", soon);
    map.on("moveend", soon);
    map.on("resize", soon);
  }

  // --- pop-ups: inside the map and clear of its controls; a bottom sheet on a phone ----------
  var NARROW = 560; // px of map width below which a pop-up is a sheet along the map's foot

  function overlaps(a, b) { return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom; }

  function Popups(map, box) {
    this.map = map;
    this.box = box;
    this.popup = null;
    this.sheet = null;
    this.onclose = null;
  }
  Popups.prototype.close = function () {
    if (this.popup) { var p = this.popup; this.popup = null; p.remove(); }
    if (this.sheet) { this.sheet.remove(); this.sheet = null; }
  };
  Popups.prototype.isOpen = function () { return !!(this.popup || this.sheet); };
  Popups.prototype.open = function (lngLat, content) {
    var self = this, map = this.map, canvas = map.getCanvas();
    this.close();
    var w = canvas.clientWidth, h = canvas.clientHeight;
    if (w < NARROW) {
      // A sheet over the foot of the map: never cut by the canvas edge, never under the
      // zoom buttons; the map pans so the feature stays in sight above it.
      var sheet = document.createElement("div"), shut = document.createElement("button");
      sheet.className = "webmap__sheet";
      sheet.setAttribute("role", "dialog");
      sheet.setAttribute("aria-label", (content.querySelector("strong") || content).textContent);
      shut.type = "button";
      shut.className = "webmap__sheet-close";
      shut.setAttribute("aria-label", "Close");
      shut.textContent = "\u00d7";
      shut.addEventListener("click", function () { self.close(); canvas.focus(); });
      sheet.appendChild(shut);
      sheet.appendChild(content);
      map.getContainer().appendChild(sheet);
      this.sheet = sheet;
      var top = h - sheet.offsetHeight, p = map.project(lngLat);
      if (p.y > top - 24 || p.y < 24) map.panBy([0, p.y - Math.max(top / 2, 24)], { duration: 0 });
      return;
    }
    var p0 = map.project(lngLat);
    var anchor = (p0.y < h / 2 ? "top" : "bottom") + (p0.x < w / 3 ? "-left" : p0.x > 2 * w / 3 ? "-right" : "");
    content.style.maxHeight = Math.max(120, Math.round(h * 0.55)) + "px";
    content.style.overflow = "auto";
    var popup = new ml.Popup({ maxWidth: Math.min(320, Math.round(w * 0.6)) + "px", focusAfterOpen: false, offset: 12, anchor: anchor })
      .setLngLat(lngLat).setDOMContent(content).addTo(map);
    popup.on("close", function () { if (self.popup === popup) self.popup = null; });
    this.popup = popup;
    this.fit();
  };
  Popups.prototype.fit = function () {
    // Pan the map (and the pop-up with it) so the pop-up lies inside the canvas with a
    // margin and off every control.
    var map = this.map, el = this.popup && this.popup.getElement();
    if (!el) return;
    var c = map.getContainer().getBoundingClientRect(), r = el.getBoundingClientRect(), m = 8;
    var box = { left: r.left - c.left, top: r.top - c.top, right: r.right - c.left, bottom: r.bottom - c.top };
    var dx = 0, dy = 0, w = c.width, h = c.height;
    if (box.left < m) dx = box.left - m; else if (box.right > w - m) dx = box.right - (w - m);
    if (box.top < m) dy = box.top - m; else if (box.bottom > h - m) dy = box.bottom - (h - m);
    box = { left: box.left - dx, right: box.right - dx, top: box.top - dy, bottom: box.bottom - dy };
    controlRects(map).forEach(function (ctl) {
      if (!overlaps(box, ctl)) return;
      var left = box.right - ctl.left + m, right = ctl.right - box.left + m, down = ctl.bottom - box.top + m, up = box.bottom - ctl.top + m;
      var best = Math.min(left, right, down, up);
      if (best === left) { dx += left; box.left -= left; box.right -= left; }
      else if (best === right) { dx -= right; box.left += right; box.right += right; }
      else if (best === down) { dy -= down; box.top += down; box.bottom += down; }
      else { dy += up; box.top -= up; box.bottom -= up; }
    });
    if (dx || dy) map.panBy([dx, dy], { duration: 0 });
  };

  function makeMap(box, cfg, style, options) {
    var stage = box.querySelector("[data-map-canvas]");
    stage.hidden = false;
    box.classList.add("webmap--live");
    var base = style.metadata && style.metadata["atlaspress:base-style"];
    var own = style;
    var opts = Object.assign({
      container: stage, style: base || style, attributionControl: { compact: false },
      dragRotate: false, touchPitch: false, pitchWithRotate: false, maxPitch: 0, fadeDuration: 0
    }, options);
    var map = new ml.Map(opts);
    blankImage(map);
    watchFrame(map);
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

  function popupContent(box, feature, fallback, summary) {
    var div = document.createElement("div");
    div.className = "webmap__popup";
    // The same sanitized text as the list below the map (atlaspress.maps.webmap.features):
    // the name, what it is and where, and the author's description with its markup.
    var item = box.querySelector('[data-feature="' + feature.properties._i + '"]');
    var h = document.createElement("strong");
    div.appendChild(h);
    if (item) {
      var name = item.querySelector(".feature__name"), type = item.querySelector(".feature__type");
      var desc = item.querySelector(".feature__desc");
      h.textContent = name ? name.textContent : fallback;
      if (type) { var t = type.cloneNode(true); t.className = "feature__type webmap__popup-type"; div.appendChild(t); }
      if (desc) div.appendChild(desc.cloneNode(true));
    } else {
      h.textContent = feature.properties.name || fallback;
      if (feature.properties.role === "place" && summary) {
        var p = document.createElement("p");
        p.textContent = summary;
        div.appendChild(p);
      }
    }
    return div;
  }

  function baseLegend(box, detail, colours) {
    // What the basemap draws, named: its borders (Natural Earth, as administered), each
    // disputed line in view (dashed, as the locator names it), and that the author's own
    // lines replace the basemap's where both exist.
    var list = box.querySelector("[data-map-base-legend]");
    if (!list) return;
    var seen = {}, items = [];
    (detail && detail.features || []).forEach(function (f) {
      var p = f.properties || {};
      if (p.k === "dline" && p.name && !seen[p.name]) { seen[p.name] = true; items.push(p.name); }
    });
    items.sort().forEach(function (name) {
      var li = document.createElement("li");
      li.setAttribute("data-base-line", "");
      li.innerHTML = '<svg class="swatch" width="28" height="14" viewBox="0 0 28 14" aria-hidden="true">' +
        '<path d="M2 7h24" stroke="' + colours.disputed + '" stroke-width="1.6" stroke-dasharray="5 3"/></svg> ';
      li.appendChild(document.createTextNode(name + " \u00b7 basemap"));
      list.appendChild(li);
    });
    list.hidden = false;
  }

  function postMap(box, cfg, abs, style, data, detail) {
    style.sources.post.data = data;
    if (cfg.detail && style.sources.detail) style.sources.detail.data = detail || abs(cfg.detail);
    if (detail) {
      // The names the detail basemap places inside the opening view replace the world
      // file's copy of the same name, placed far away (the middle of Russia).
      var inView = detail.features.filter(function (f) { return f.properties && f.properties.v; })
        .map(function (f) { return f.properties.name; });
      style.layers.forEach(function (l) {
        if (l.source === "world" && /country-label/.test(l.id) && inView.length) {
          l.filter = ["all", l.filter, ["!", ["in", ["get", "name"], ["literal", inView]]]];
        }
      });
    }
    baseLegend(box, detail, palette(style));
    data.features = data.features.filter(function (f, i) {
      f.properties = f.properties || {};
      f.properties._i = i;
      f.properties._key = f.properties.layer + "/" + (f.properties.group || "");
      return !!f.geometry;
    });
    roomOf(data);
    var lines = postLines(data);
    var overlays = style.layers.filter(function (l) { return l.source === "post"; });
    var baseFilters = {};
    overlays.forEach(function (l) { baseFilters[l.id] = l.filter; });
    var ids = overlays.map(function (l) { return l.id; });
    var clickable = ids.filter(function (id) { return !/-label$|-casing$|-obstacle$/.test(id); });
    var b = cfg.bounds;
    var stage = box.querySelector("[data-map-canvas]");
    stage.hidden = false;
    box.classList.add("webmap--live");
    var narrow = (stage.clientWidth || 640) < NARROW;
    var map = makeMap(box, cfg, style, {
      bounds: [[b[0], b[1]], [b[2], b[3]]], fitBoundsOptions: { padding: narrow ? 20 : 40, maxZoom: 15 }
    });
    map.__postLines = lines;
    map.addControl(new ml.ScaleControl({ unit: "metric" }), "bottom-left");
    watchLeaders(map, data, (style.metadata && style.metadata["atlaspress:leader-gap"]) || 20);
    if (ml.FullscreenControl && !box.classList.contains("webmap--full")) map.addControl(new ml.FullscreenControl(), "top-right");
    var canvas = map.getCanvas();
    canvas.setAttribute("aria-label", "Interactive map of " + cfg.title + ". Arrow keys pan, plus and minus zoom, " +
      "Enter opens the feature nearest the centre (again for the next), Escape closes it. The features are also listed below the map.");
    var popups = new Popups(map, box);
    function close() { popups.close(); }
    function open(feature, lngLat, position) {
      popups.open(lngLat, popupContent(box, feature, cfg.title, cfg.summary));
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
    box.addEventListener("keydown", function (e) { if (e.key === "Escape" && popups.isOpen()) { close(); canvas.focus(); } });
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
    // The frame holds every place (webmap.world.world_frame: the shortest way round, so a
    // place on the antimeridian sits whole inside it, not as two halves at its edges); the
    // canvas takes the frame's shape, so there is no band of Antarctica or empty ocean, and
    // the static map shown before has the same frame in the same projection.
    var wb = cfg.bounds || [-168, -45, 192, 78];
    var stage = box.querySelector("[data-map-canvas]");
    stage.hidden = false;
    var width = stage.clientWidth || 640;
    var yb = function (lat) { return Math.log(Math.tan(Math.PI / 4 + Math.max(-85, Math.min(85, lat)) * Math.PI / 360)); };
    var aspect = (yb(wb[3]) - yb(wb[1])) / ((wb[2] - wb[0]) * Math.PI / 180);
    var tall = Math.min(window.innerHeight * 0.75, 640);
    stage.style.height = Math.round(Math.max(260, Math.min(tall, width * aspect + 16))) + "px";
    stage.style.minHeight = "0";
    var fit = { padding: { top: 24, bottom: 24, left: 24, right: 52 }, animate: false };
    var map = makeMap(box, cfg, style, {
      bounds: [[wb[0], wb[1]], [wb[2], wb[3]]], fitBoundsOptions: fit, minZoom: -1, renderWorldCopies: true
    });
    if (ml.GlobeControl) map.addControl(new ml.GlobeControl(), "top-right");
    var canvas = map.getCanvas(), popups = new Popups(map, box);
    canvas.setAttribute("aria-label", "World map of every place covered. Arrow keys pan, plus and minus zoom, " +
      "Enter shows the place nearest the centre with a link to its story. The places are also listed on this page.");
    function go(props) { window.location.href = abs(props.url); }
    function close() { popups.close(); }
    function open(feature, lngLat, position) {
      var p = feature.properties, div = document.createElement("div"), a = document.createElement("a");
      div.className = "webmap__popup";
      a.href = abs(p.url);
      a.textContent = p.title;
      var h = document.createElement("strong");
      h.appendChild(a);
      div.appendChild(h);
      if (p.summary) { var s = document.createElement("p"); s.textContent = p.summary; div.appendChild(s); }
      popups.open(lngLat, div);
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
      var detail = cfg.kind !== "world" && cfg.detail && style.sources.detail ? getJSON(abs(cfg.detail)).catch(function () { return null; }) : null;
      return Promise.all([addPmtiles(style, abs), detail]).then(function (more) {
        return cfg.kind === "world" ? worldMap(box, cfg, abs, style, data) : postMap(box, cfg, abs, style, data, more[1]);
      });
    });
  };
})();
