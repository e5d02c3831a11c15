window.SisterMap = window.SisterMap || (function () {
  "use strict";
  var R = Math.PI / 180, EARTH = __EARTH__, KMV = __KMV__, MAXSEG = __MAXSEG__;
  function unit(lon, lat) {
    var l = lon * R, p = lat * R;
    return [Math.cos(p) * Math.cos(l), Math.cos(p) * Math.sin(l), Math.sin(p)];
  }
  /* Points of the great circle from (x1, y1) to (x2, y2), longitudes unwrapped from x1 (they
     may leave -180..180), with the same level of detail as sistermap/arcs.py. */
  function path(x1, y1, x2, y2) {
    var a = unit(x1, y1), b = unit(x2, y2);
    var cx = a[1] * b[2] - a[2] * b[1], cy = a[2] * b[0] - a[0] * b[2],
        cz = a[0] * b[1] - a[1] * b[0];
    var w = Math.atan2(Math.sqrt(cx * cx + cy * cy + cz * cz),
                       a[0] * b[0] + a[1] * b[1] + a[2] * b[2]);
    var n = Math.min(MAXSEG, Math.max(1, Math.ceil(w * EARTH / KMV)));
    var s = Math.sin(w), pts = [], prev = x1;
    for (var i = 0; i <= n; i++) {
      var t = i / n, wa, wb;
      if (s > 1e-9) { wa = Math.sin((1 - t) * w) / s; wb = Math.sin(t * w) / s; }
      else { wa = 1 - t; wb = t; }
      var px = wa * a[0] + wb * b[0], py = wa * a[1] + wb * b[1], pz = wa * a[2] + wb * b[2];
      var lat = i === 0 ? y1 : (i === n ? y2 : Math.atan2(pz, Math.sqrt(px * px + py * py)) / R);
      var lon = i === 0 ? x1 : Math.atan2(py, px) / R;
      while (lon - prev > 180) lon -= 360;
      while (lon - prev < -180) lon += 360;
      prev = lon;
      pts.push([lat, lon]);
    }
    return pts;
  }
  /* Great-circle arc as Leaflet [lat, lng] parts, cut at the antimeridian (the reference
     maths of sistermap/arcs.py, which the tests compare it with). */
  function arc(x1, y1, x2, y2) {
    var pts = path(x1, y1, x2, y2), parts = [], cur = [], shift = 0;
    for (var i = 0; i < pts.length; i++) {
      var lat = pts[i][0], x = pts[i][1] + shift;
      if (cur.length && Math.abs(x) > 180) {
        var last = cur[cur.length - 1], edge = x > 0 ? 180 : -180;
        var frac = x !== last[1] ? (edge - last[1]) / (x - last[1]) : 0;
        var yc = last[0] + frac * (lat - last[0]);
        cur.push([yc, edge]);
        parts.push(cur);
        shift -= x > 0 ? 360 : -360;
        x = pts[i][1] + shift;
        cur = [[yc, -edge]];
      }
      cur.push([lat, x]);
    }
    parts.push(cur);
    return parts;
  }
  /* The map's world is centred on longitude c0 (chosen in Python where the fewest links
     cross its far side). A longitude in that frame lies in [c0 - 180, c0 + 180). */
  function norm(x, c0) {
    while (x < c0 - 180) x += 360;
    while (x >= c0 + 180) x -= 360;
    return x;
  }
  /* An arc drawn whole: from its first end in the map's frame; one that runs past the
     world's edge is drawn a second time one world over, so it shows whole at both edges
     (the basemap is drawn three times for the same reason). */
  function arcw(d, x1, y1, x2, y2) {
    var pts = path(norm(x1, d.c0), y1, x2, y2), lo = Infinity, hi = -Infinity, i;
    for (i = 0; i < pts.length; i++) { lo = Math.min(lo, pts[i][1]); hi = Math.max(hi, pts[i][1]); }
    if (lo >= d.c0 - 180 && hi <= d.c0 + 180) return [pts];
    var k = hi > d.c0 + 180 ? -360 : 360, copy = [];
    for (i = 0; i < pts.length; i++) copy.push([pts[i][0], pts[i][1] + k]);
    return [pts, copy];
  }
  function prepare(d) {
    if (d.x) return d;
    var n = d.cx.length, i;
    d.c0 = d.c0 || 0;
    d.x = new Float64Array(n); d.y = new Float64Array(n);
    for (i = 0; i < n; i++) { d.x[i] = norm(d.cx[i] / 1e4, d.c0); d.y[i] = d.cy[i] / 1e4; }
    return d;
  }
  /* Playback: is link i on the map in the year being played (d.yr; null plays nothing and
     shows every link)? Formed by then, and not yet ended or suspended (timeline.shown_in). */
  function onMap(d, i) {
    if (d.yr === null || d.yr === undefined) return true;
    return d.ly[i] > 0 && d.ly[i] <= d.yr && !(d.le[i] > 0 && d.le[i] <= d.yr);
  }
  function cityOn(d, c) { return d.yr === null || d.yr === undefined || (d.con && d.con[c] > 0); }
  function plural(n, word) { return n + " " + word + (n === 1 ? "" : "s"); }
  function linkTip(d, i) {
    var y = d.ly[i];
    return d.cn[d.la[i]] + " \u2013 " + d.cn[d.lb[i]] + (y ? " (" + y + ")" : "") +
      (d.ls[i] ? " \u2014 " + d.stl[d.ls[i]] : "");
  }
  function cityTip(d, i) {
    var k = d.ck[i], tip = d.cn[i] + ", " + d.co[d.cc[i]] + " \u2014 " + plural(k, "partner");
    if (d.cd[i] !== k) tip += " shown (" + d.cd[i] + " in all)";
    return tip;
  }
  function linkLayer(d, i, style, key, from) {
    var a = d.la[i], b = d.lb[i];
    if (from === b) { a = d.lb[i]; b = d.la[i]; }  // drawn from the selected city
    var l = L.polyline(arcw(d, d.x[a], d.y[a], d.x[b], d.y[b]), style);
    l.feature = {type: "Feature", properties: {
      id: d.pid ? d.pid[i] : d.ci[d.la[i]] + "~" + d.ci[d.lb[i]], t: linkTip(d, i), s: key}};
    l._smI = i;
    return l;
  }
  function cityLayer(d, i, styles, x) {
    var key = i === d.sel ? "sel" : (d.mine && d.mine[i] ? "mine" : "city");
    var r = d.cr[i] / 10 * (d.rs || 1);
    var st = Object.assign({}, styles[key] || styles.city, {radius: r});
    if (d.lod && key === "city") { st.fillOpacity = 0.55; st.weight = 0.6; }
    if (d.sel >= 0 && key === "city") { st.fillOpacity = 0.35; st.weight = 0.5; }
    var l = L.circleMarker([d.y[i], x === undefined ? d.x[i] : x], st);
    l.feature = {type: "Feature", properties: {id: d.ci[i], t: cityTip(d, i), s: key, r: r}};
    l._smC = i;
    return l;
  }
  /* A city near the world's edge is drawn again one world over, beside the arcs' copies. */
  function addCity(d, g, i, styles) {
    g.addLayer(cityLayer(d, i, styles));
    var x = d.x[i];
    if (x > d.c0 + 180 - 45) g.addLayer(cityLayer(d, i, styles, x - 360));
    else if (x < d.c0 - 180 + 45) g.addLayer(cityLayer(d, i, styles, x + 360));
  }
  function tipOf(l) { return l.feature.properties.t; }
  function group(sticky) {
    var g = L.featureGroup();
    g.bindTooltip(tipOf, {sticky: sticky});
    return g;
  }
  /* Is link i (or its endpoints) within the view? 2: an end is in view, 1: its box
     crosses the view, 0: neither. */
  function where(d, i, v) {
    var a = d.la[i], b = d.lb[i];
    if (inside(d.x[a], d.y[a], v) || inside(d.x[b], d.y[b], v)) return 2;
    var s = Math.min(d.y[a], d.y[b]), n = Math.max(d.y[a], d.y[b]);
    if (n < v.s || s > v.n) return 0;
    var w = Math.min(d.x[a], d.x[b]), e = Math.max(d.x[a], d.x[b]);
    if (e - w <= 180) return (e < v.w || w > v.e) ? 0 : 1;
    return (v.w <= w || v.e >= e) ? 1 : 0;  // crosses the far side: [e,c0+180]+[c0-180,w]
  }
  function inside(x, y, v) {
    if (y < v.s || y > v.n) return false;
    if (v.all) return true;
    return (x >= v.w && x <= v.e) || (x + 360 >= v.w && x + 360 <= v.e) ||
      (x - 360 >= v.w && x - 360 <= v.e);
  }
  function view(map, pad) {
    var b = map.getBounds().pad(pad === undefined ? 0.25 : pad);
    var w = b.getWest(), e = b.getEast();
    return {s: b.getSouth(), n: b.getNorth(), w: w, e: e, all: e - w >= 360};
  }
  /* Each link's arc projected once (Web Mercator pixels at zoom 0), so a redraw is only a
     scale and a shift per point: 25,000 arcs redraw in tens of milliseconds. */
  function projected(map, d) {
    var n = d.la.length, xy = [], start = new Int32Array(n + 1),
        minx = new Float32Array(n), maxx = new Float32Array(n);
    for (var i = 0; i < n; i++) {
      start[i] = xy.length;
      var a = d.la[i], b = d.lb[i], pts = path(d.x[a], d.y[a], d.x[b], d.y[b]), lo = Infinity,
          hi = -Infinity;
      for (var q = 0; q < pts.length; q++) {
        var p = map.options.crs.latLngToPoint(L.latLng(pts[q][0], pts[q][1]), 0);
        xy.push(p.x, p.y);
        lo = Math.min(lo, p.x); hi = Math.max(hi, p.x);
      }
      minx[i] = lo; maxx[i] = hi;
    }
    start[n] = xy.length;
    return {xy: new Float32Array(xy), start: start, minx: minx, maxx: maxx};
  }
  /* Every link as a thin translucent line on one canvas: where many overlap, the colour
     deepens, so a dense region reads as density instead of a blob. Drawn in one pass, so
     25,000 links redraw in a few tens of milliseconds; not interactive (the cities are,
     and each link is, once zoomed in). */
  var DensityLayer = (window.L ? L.Layer : Object).extend ? L.Layer.extend({
    initialize: function (d, opt) { this._d = d; this._opt = opt; },
    onAdd: function (map) {
      this._canvas = L.DomUtil.create("canvas", "sistermap-density leaflet-zoom-hide");
      this._canvas.style.pointerEvents = "none";
      map.getPanes().overlayPane.appendChild(this._canvas);
      map.on("moveend zoomend resize", this._draw, this);
      map.on("zoomstart", this._hide, this);
      this._draw();
    },
    onRemove: function (map) {
      L.DomUtil.remove(this._canvas);
      map.off("moveend zoomend resize", this._draw, this);
      map.off("zoomstart", this._hide, this);
    },
    _hide: function () { this._canvas.style.visibility = "hidden"; },
    _draw: function () {
      var map = this._map, d = this._d, opt = this._opt;
      if (!map) return;
      var size = map.getSize(), c = this._canvas, ratio = window.devicePixelRatio || 1;
      var topLeft = map.containerPointToLayerPoint([0, 0]);
      L.DomUtil.setPosition(c, topLeft);
      c.width = size.x * ratio; c.height = size.y * ratio;
      c.style.width = size.x + "px"; c.style.height = size.y + "px";
      c.style.visibility = opt.hidden && opt.hidden(map) ? "hidden" : "visible";
      var ctx = c.getContext("2d");
      ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
      ctx.clearRect(0, 0, size.x, size.y);
      if (c.style.visibility === "hidden") return;
      var n = d.la.length, alpha = Math.max(0.08, Math.min(0.5, 16 / Math.sqrt(n)));
      ctx.lineWidth = opt.width || 0.8; ctx.globalAlpha = alpha; ctx.lineJoin = "round";
      var P = this._paths || (this._paths = projected(map, d));
      var z = Math.pow(2, map.getZoom()), origin = map.getPixelOrigin(),
          pane = map._getMapPanePos(), ox = pane.x - origin.x, oy = pane.y - origin.y,
          world = 256 * z, byStyle = {}, i, k;
      for (i = 0; i < n; i++) {
        if (!onMap(d, i)) continue;
        k = d.lk[i]; (byStyle[k] = byStyle[k] || []).push(i);
      }
      for (k in byStyle) {
        ctx.strokeStyle = d.colors[d.styles[k]];
        ctx.beginPath();
        var list = byStyle[k];
        for (var j = 0; j < list.length; j++) {
          i = list[j];
          var lo = P.start[i], hi = P.start[i + 1], minx = P.minx[i] * z + ox,
              maxx = P.maxx[i] * z + ox;
          for (var s = -1; s <= 1; s++) {  /* the world and its copies on either side */
            var sx = s * world;
            if (maxx + sx < -50 || minx + sx > size.x + 50) continue;
            for (var q = lo; q < hi; q += 2) {
              var px = P.xy[q] * z + ox + sx, py = P.xy[q + 1] * z + oy;
              if (q === lo) ctx.moveTo(px, py); else ctx.lineTo(px, py);
            }
          }
        }
        ctx.stroke();
      }
    }
  }) : null;
  /* Build one named layer of the map from the shared data. */
  function build(map, d, role, key, opt) {
    prepare(d);
    d.sel = opt.sel === undefined ? -1 : opt.sel;
    if (d.sel >= 0 && !d.mine) {
      d.mine = {};
      for (var m = 0; m < d.la.length; m++) {
        if (d.la[m] === d.sel) d.mine[d.lb[m]] = 1;
        if (d.lb[m] === d.sel) d.mine[d.la[m]] = 1;
      }
    }
    var i, g = group(role !== "cities"), dim = d.sel >= 0, n = d.la.length;
    /* Fewer links, bolder lines: a city's few links read from a distance, a thousand
       stay a legible web. */
    var base = {weight: d.lod ? 0.8 : (n < 60 ? 3 : (n < 300 ? 2 : 1.3)),
                opacity: dim ? 0.22 : (d.lod ? 0.35 : (n < 300 ? 0.85 : 0.6))};
    if (role === "links") {
      var k = d.styles.indexOf(key), st = Object.assign({}, base, {color: d.colors[key]});
      for (i = 0; i < d.la.length; i++) if (d.lk[i] === k) g.addLayer(linkLayer(d, i, st, key));
    } else if (role === "sel") {
      /* The selected city's links keep their era/focus colours (the legend stays true),
         drawn wider and on top, with a thin dark casing so they stand out. */
      for (i = 0; i < d.la.length; i++) {
        if (d.la[i] !== d.sel && d.lb[i] !== d.sel) continue;
        var kk = d.styles[d.lk[i]];
        g.addLayer(linkLayer(d, i, {color: "#1a1a1a", weight: 5.5, opacity: 0.55}, kk, d.sel));
        g.addLayer(linkLayer(d, i, {color: d.colors[kk], weight: 3.2, opacity: 1}, kk, d.sel));
      }
    } else if (role === "cities" && !d.lod) {
      for (i = 0; i < d.cx.length; i++) addCity(d, g, i, opt.cityStyles);
    } else if (role === "density") {
      g = new DensityLayer(d, {hidden: function (mp) { return mp.getZoom() >= d.lod.zoom; }});
    } else {
      lazy(map, d, role, g, base, opt);
    }
    map.sistermap = map.sistermap || {}; window.map = window.map || map;
    map.sistermap[role + (key || "")] = g;
    return g;
  }
  /* Level of detail for big maps: zoomed out, every link is drawn on the density canvas and
     only the best-connected cities as markers; zoomed in, each link and city in view is
     built as its own layer (with a tooltip), so Leaflet never holds more than a few
     thousand layers whatever the data's size. */
  function lazy(map, d, role, g, base, opt) {
    var lod = d.lod, state = {mode: null};
    function update() {
      var z = map.getZoom(), detail = z >= lod.zoom, v = detail ? view(map) : null, i;
      if (!detail && state.mode === "overview") return;
      state.mode = detail ? "detail" : "overview";
      g.clearLayers();
      if (role === "detail" && detail) {
        var near = [], far = [];
        for (i = 0; i < d.la.length && near.length < lod.links; i++) {
          if (!onMap(d, i)) continue;
          var w = where(d, i, v);
          if (w === 2) near.push(i); else if (w === 1 && far.length < lod.links) far.push(i);
        }
        var chosen = near.concat(far).slice(0, lod.links);
        for (i = 0; i < chosen.length; i++) {
          var j = chosen[i], key = d.styles[d.lk[j]];
          g.addLayer(linkLayer(d, j, Object.assign({}, base, {color: d.colors[key],
            opacity: d.sel >= 0 ? 0.25 : 0.55, weight: 1.2}), key));
        }
        g.shown = chosen.length;
      } else if (role === "cities") {
        var cap = detail ? lod.cities : lod.top, count = 0;
        for (i = 0; i < d.cx.length && count < cap; i++) {
          if (!cityOn(d, i)) continue;
          if (!detail || inside(d.x[i], d.y[i], v) || i === d.sel || (d.mine && d.mine[i])) {
            addCity(d, g, i, opt.cityStyles); count++;
          }
        }
        if (d.sel >= 0 && d.sel >= i) addCity(d, g, d.sel, opt.cityStyles);
        if (d.mine) for (var c in d.mine) if (+c >= i) addCity(d, g, +c, opt.cityStyles);
      }
      var layers = map.sistermap || {};
      ["sel", "cities", "labels"].forEach(function (r) {
        if (layers[r] && layers[r] !== g && layers[r]._map && layers[r].bringToFront)
          layers[r].bringToFront();
      });
    }
    g._smRefresh = function () { state.mode = null; update(); };
    map.on("zoomend moveend", update);
    map.whenReady(update);
  }
  /* ---- Everything around the layers: framing, height, legend, labels, controls ---- */
  var SVG_FULL = '<svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true">' +
    '<path d="M4 9V4h5M15 4h5v5M20 15v5h-5M9 20H4v-5" fill="none" stroke="#222" ' +
    'stroke-width="2.4"/></svg>';
  function control(pos, make) {
    var C = L.Control.extend({onAdd: make});
    return new C({position: pos});
  }
  /* A projector-sized screen: the whole window is wide (the map itself may be a column). */
  function big(map) { return map.getSize().x >= 1300; }
  /* A projector-sized window, where the map itself may be only a column of it. */
  function wide(map) {
    var w = 0;
    try { w = window.top.innerWidth; } catch (e) { w = window.innerWidth; }
    return w >= 1800 && map.getSize().x >= 800;
  }
  function small(map) { return map.getSize().x < 640; }
  function legend(map, spec) {
    var box, open;
    var ctl = control("bottomright", function () {
      box = L.DomUtil.create("div", "sistermap-legend");
      L.DomEvent.disableClickPropagation(box);
      L.DomEvent.disableScrollPropagation(box);
      render();
      return box;
    });
    function render() {
      var html = '<button type="button" class="sm-legend-toggle" aria-expanded="' +
        (open ? "true" : "false") + '">' + spec.title + (open ? " \u25BE" : " \u25B8") +
        "</button>";
      if (open) {
        html += "<div class='sm-legend-items'>";
        for (var i = 0; i < spec.items.length; i++)
          html += '<div><span class="sm-swatch" style="background:' + spec.items[i][0] +
            '"></span>' + spec.items[i][1] + "</div>";
        if (spec.sel) html += '<div><span class="sm-swatch sm-sel"></span>' + spec.sel + "</div>";
        if (spec.note) html += "<div class='sm-legend-note'>" + spec.note + "</div>";
        html += "</div>";
      }
      box.innerHTML = html;
      box.classList.toggle("sm-big", big(map));
      box.classList.toggle("sm-wide", wide(map) && !big(map));
      box.firstChild.onclick = function () { open = !open; box.dataset.touched = "1"; render(); };
    }
    /* Open, except on a phone, or on a narrow map where the year control needs the room. */
    function roomy() { return !small(map) && !(spec.compact && map.getSize().x < 900); }
    open = roomy();
    ctl.addTo(map);
    map.on("resize", function () {
      if (!box) return;
      var want = roomy();
      if (want !== open && !box.dataset.touched) { open = want; render(); }
      box.classList.toggle("sm-big", big(map));
    });
    return ctl;
  }
  function fullscreen(map) {
    var el = map.getContainer();
    control("topleft", function () {
      var div = L.DomUtil.create("div", "leaflet-bar sistermap-fullscreen");
      var a = L.DomUtil.create("a", "", div);
      a.href = "#"; a.title = "Full screen"; a.setAttribute("role", "button");
      a.setAttribute("aria-label", "Full screen"); a.innerHTML = SVG_FULL;
      L.DomEvent.on(a, "click", function (e) {
        L.DomEvent.preventDefault(e);
        if (document.fullscreenElement) document.exitFullscreen();
        else if (el.requestFullscreen) el.requestFullscreen();
      });
      L.DomEvent.disableClickPropagation(div);
      return div;
    }).addTo(map);
    document.addEventListener("fullscreenchange", function () {
      setTimeout(function () { map.invalidateSize(); map.fire("sm-reframe"); }, 150);
    });
  }
  function notice(map, text) {
    var n = control("bottomleft", function () {
      var div = L.DomUtil.create("div", "sistermap-notice");
      div.textContent = text;
      return div;
    });
    n.addTo(map);
    return n;
  }
  /* Optional tiles: if they cannot load (no network), say so and show the plain map. */
  function tileFallback(map) {
    function watch(layer) {
      if (!(layer instanceof L.TileLayer) || layer._smWatched) return;
      layer._smWatched = true; layer._smOk = 0; layer._smBad = 0;
      layer.on("tileload", function () { layer._smOk++; });
      layer.on("tileerror", function () {
        layer._smBad++;
        if (layer._smOk === 0 && layer._smBad >= 2 && map.hasLayer(layer)) {
          map.removeLayer(layer);
          var plain = map.sistermap && map.sistermap.basemap;
          if (plain && !map.hasLayer(plain)) plain.addTo(map).bringToBack();
          if (!map._smTileNotice)
            map._smTileNotice = notice(map, "Map tiles could not be loaded (no internet?): " +
                                       "showing the plain map.");
        }
      });
    }
    map.eachLayer(watch);
    map.on("layeradd", function (e) { watch(e.layer); });
  }
  /* Labels: the selected city and its partners first, then the best-connected cities, each
     placed only where it overlaps no other label; zooming in makes room for more. */
  function labels(map, d, opt) {
    var g = L.featureGroup();
    g.bindTooltip(tipOf, {sticky: true});
    function update() {
      g.clearLayers();
      var size = map.getSize(), fs = big(map) ? 16 : (wide(map) ? 14 : (small(map) ? 11 : 13));
      var max = Math.round(size.x * size.y / (big(map) ? 14000 : 12000)), boxes = [], n = 0;
      var v = view(map, 0), order = [], i, seen = {};
      if (d.sel >= 0) order.push(d.sel);
      (d.hl || []).forEach(function (h) { order.push(h); });
      if (d.mine) for (var c in d.mine) order.push(+c);
      for (i = 0; i < d.cx.length && i < 4000; i++) order.push(i);
      for (var o = 0; o < order.length && n < max; o++) {
        i = order[o];
        if (seen[i]) continue;
        seen[i] = 1;
        if (!cityOn(d, i)) continue;
        var forced = i === d.sel || (d.mine && d.mine[i]) || (d.hlset && d.hlset[i]);
        if (d.sel >= 0 && !forced) continue;  // a selection: its own names only
        var xs = [d.x[i], d.x[i] - 360, d.x[i] + 360];
        for (var s = 0; s < 3; s++) {
          if (d.y[i] < v.s || d.y[i] > v.n || xs[s] < v.w || xs[s] > v.e) continue;
          var p = map.latLngToContainerPoint([d.y[i], xs[s]]);
          var r = d.cr[i] / 10 * (d.rs || 1) + 2, bold = forced ? 1.08 : 1;
          var text = d.cn[i], w = (text.length * 0.56 * fs + 8) * bold, h = fs * 1.35;
          var place = null, tries = [[p.x + r, p.y - h / 2], [p.x - r - w, p.y - h / 2],
                                     [p.x - w / 2, p.y - r - h], [p.x - w / 2, p.y + r]];
          if (forced) tries = tries.concat([[p.x + r, p.y - h], [p.x + r, p.y],
            [p.x - r - w, p.y - h], [p.x - r - w, p.y], [p.x + r, p.y + h * 0.6],
            [p.x + r, p.y - h * 1.6], [p.x - r - w, p.y + h * 0.6], [p.x - r - w, p.y - h * 1.6]]);
          if (forced) {  /* near the edge, a name slides inside the map rather than vanish */
            tries = tries.map(function (bx) {
              return [Math.max(2, Math.min(bx[0], size.x - w - 2)),
                      Math.max(2, Math.min(bx[1], size.y - h - 2))];
            });
          }
          for (var t = 0; t < tries.length && !place; t++) {
            var bx = tries[t];
            if (bx[0] < 2 || bx[1] < 2 || bx[0] + w > size.x - 2 || bx[1] + h > size.y - 2)
              continue;
            var hit = false;
            for (var b = 0; b < boxes.length && !hit; b++) {
              var q = boxes[b];
              hit = bx[0] < q[0] + q[2] && bx[0] + w > q[0] && bx[1] < q[1] + q[3] &&
                bx[1] + h > q[1];
            }
            if (!hit) place = bx;
          }
          if (!place && i === d.sel) place = tries[0];  // the selected city is always named
          if (!place) continue;
          boxes.push([place[0], place[1], w, h]);
          var cls = "sistermap-label" + (i === d.sel ? " sm-sel" : (forced ? " sm-mine" : ""));
          var ll = map.containerPointToLatLng([place[0], place[1]]);
          var m = L.marker(ll, {icon: L.divIcon({className: cls, html: text,
            iconSize: null, iconAnchor: [0, 0]}), keyboard: false, riseOnHover: true});
          m.feature = {type: "Feature", properties: {id: d.ci[i], t: cityTip(d, i),
            s: "label"}};
          m._smFont = fs;
          g.addLayer(m);
          n++;
        }
      }
      var root = map.getContainer();
      root.style.setProperty("--sm-label-size", fs + "px");
    }
    g.addTo(map);
    map.on("zoomend moveend resize sm-year", update);
    map.whenReady(update);
    map.sistermap = map.sistermap || {};
    map.sistermap.labels = g;
    return g;
  }
  /* The map follows the height of the screen it is on: in the app, the iframe is made as
     tall as the window below its top edge (never less than 320 px; most of a phone's
     screen), and follows resizes. A standalone file fills its window already. */
  function fitHeight(map) {
    var fe = null;
    try { fe = window.frameElement; } catch (e) { fe = null; }
    if (!fe || !fe.ownerDocument) return;
    var pdoc = fe.ownerDocument, pwin = pdoc.defaultView, id = "sm" + Math.random().toString(36).slice(2);
    fe.setAttribute("data-sm-map", id);
    var style = pdoc.createElement("style");
    pdoc.head.appendChild(style);
    var el = map.getContainer();
    function apply() {
      var H = pwin.innerHeight, W = pwin.innerWidth;
      var top = fe.getBoundingClientRect().top;
      var scroller = pdoc.querySelector("[data-testid='stMain']") || pdoc.scrollingElement;
      var offset = top + (scroller ? scroller.scrollTop : 0);
      var h = W < 700 ? Math.round(H * 0.72) : Math.round(H - offset - 24);
      if (W >= 700 && h < 0.42 * H) h = Math.round(H * 0.8);  // far down the page
      h = Math.max(320, Math.min(h, 2000));
      style.textContent = 'iframe[data-sm-map="' + id + '"]{height:' + h + "px !important}";
      el.style.height = h + "px";
      document.documentElement.style.height = h + "px";
      document.body.style.height = h + "px";
      map.invalidateSize();
    }
    apply();
    pwin.addEventListener("resize", function () { apply(); map.fire("sm-reframe"); });
  }
  /* Clicking the map must not scroll the page: Leaflet focuses its container on mouse-down,
     and inside an iframe that scrolled the page, so the click landed on another city. */
  function noScrollFocus(map) {
    var el = map.getContainer(), focus = el.focus;
    el.focus = function () {
      try { focus.call(el, {preventScroll: true}); } catch (e) { focus.call(el); }
    };
  }
  /* Framing: a selection fits the city and every partner (drawn from the city, so a link
     across the Pacific is one box, not the whole world); otherwise the inhabited world,
     centred where the data needs it, Antarctica left out. */
  function frame(map, d, f) {
    function world() {
      var w = f.world, west = w[0][1], east = w[1][1];
      if (small(map)) {  // a phone: most of the world, big enough to read; pan for the rest
        var mid = (west + east) / 2;
        west = mid - 130; east = mid + 130;
      }
      map.fitBounds([[w[0][0], west], [w[1][0], east]], {animate: false});
    }
    function selection() {
      var g = map.sistermap && map.sistermap.sel, b = null;
      if (g && g.getLayers().length) {
        b = L.latLngBounds([]);
        g.eachLayer(function (l) { b.extend(L.latLngBounds(l.getLatLngs()[0])); });
      } else if (d.sel >= 0) {
        b = L.latLngBounds([[d.y[d.sel] - 2, d.x[d.sel] - 3], [d.y[d.sel] + 2, d.x[d.sel] + 3]]);
      }
      if (b) map.fitBounds(b.pad(0.08), {animate: false, maxZoom: 9,
                                           padding: [24, 24]});
      else world();
    }
    function apply() {
      if (f.mode === "selection" && d.sel >= 0) selection();
      else if (f.mode === "view" && f.center) map.setView(f.center, f.zoom || 4, {animate: false});
      else if (f.mode === "bounds" && f.bounds) map.fitBounds(f.bounds, {animate: false});
      else world();
    }
    apply();
    map.on("sm-reframe", apply);
    map.sistermap = map.sistermap || {};
    map.sistermap.reframe = apply;
  }
  var ICONS = {
    play: '<path d="M7 4l13 8-13 8z" fill="currentColor"/>',
    pause: '<path d="M6 4h4v16H6zM14 4h4v16h-4z" fill="currentColor"/>',
    prev: '<path d="M5 4h3v16H5zM20 4L9 12l11 8z" fill="currentColor"/>',
    next: '<path d="M16 4h3v16h-3zM4 4l11 8-11 8z" fill="currentColor"/>'
  };
  function icon(name) {
    return '<svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true">' +
      ICONS[name] + "</svg>";
  }
  /* Show the links of one year of playback (null: every link, no playback). Links appear in
     the year they were formed and stay; ended and suspended ones are drawn faded in their
     end year and leave after it. Only layers whose state changes are touched, so a frame
     costs little even with thousands of links. */
  function setYear(map, d, yr) {
    d.yr = yr;
    var i, n = d.la.length;
    var visible = n;
    if (yr !== null) {
      d.con = new Int32Array(d.cx.length);
      visible = 0;
      for (i = 0; i < n; i++) if (onMap(d, i) || d.le[i] === yr) {
        d.con[d.la[i]]++; d.con[d.lb[i]]++; visible++;
      }
    }
    /* The few links of an early year are drawn bolder, as a map of few links is. */
    var weight = visible < 60 ? 3 : (visible < 300 ? 2 : null);
    var layers = map.sistermap || {};
    Object.keys(layers).forEach(function (name) {
      var g = layers[name];
      if (!g || !g.getLayers || name === "labels" || name === "basemap") return;
      if (g._smRefresh) { g._smRefresh(); return; }
      g._smAll = g._smAll || g.getLayers();
      g._smAll.forEach(function (l) {
        var want, fade = false;
        if (l._smI !== undefined) {
          fade = yr !== null && d.le[l._smI] === yr;
          want = onMap(d, l._smI) || fade;
        } else if (l._smC !== undefined) want = cityOn(d, l._smC) || l._smC === d.sel;
        else return;
        if (want && !g.hasLayer(l)) g.addLayer(l);
        else if (!want && g.hasLayer(l)) g.removeLayer(l);
        if (l._smI !== undefined && want) {
          if (!l._smBase) l._smBase = {opacity: l.options.opacity, dashArray: l.options.dashArray,
                                       weight: l.options.weight};
          var st = fade ? {opacity: 0.3, dashArray: "4 5"} : Object.assign({}, l._smBase);
          if (name !== "sel" && weight && !fade) st.weight = Math.max(weight, l._smBase.weight);
          else if (name !== "sel" && !fade) st.weight = l._smBase.weight;
          l.setStyle(st);
        }
      });
    });
    if (layers.density && layers.density._draw) layers.density._draw();
    map.fire("sm-year");
  }
  /* The year control: play/pause, step, speed, a slider and a histogram of links formed
     per year under it; the year being played is shown large on the map. */
  function timelineControl(map, d, tl, start) {
    var box, year, hist, slider, playBtn, timer = null, speed = 1, cur = null;
    var shown = L.DomUtil.create("div", "sistermap-year", map.getContainer());
    function draw() {
      shown.textContent = cur === null ? "" : String(cur);
      shown.style.display = cur === null ? "none" : "block";
      year.textContent = cur === null ? "All years" : String(cur);
      slider.value = cur === null ? tl.hi : cur;
      playBtn.innerHTML = icon(timer ? "pause" : "play");
      playBtn.title = timer ? "Pause" : "Play";
      playBtn.setAttribute("aria-label", playBtn.title);
      var ctx = hist.getContext("2d"), w = hist.clientWidth || 300, h = 30,
          ratio = window.devicePixelRatio || 1, m = Math.max.apply(null, tl.hist) || 1;
      hist.width = w * ratio; hist.height = h * ratio;
      ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
      ctx.clearRect(0, 0, w, h);
      var bw = w / tl.hist.length;
      for (var k = 0; k < tl.hist.length; k++) {
        var yk = tl.lo + k, bh = tl.hist[k] ? Math.max(1.5, (h - 2) * tl.hist[k] / m) : 0;
        ctx.fillStyle = cur === null || yk < cur ? "#5b7a99" : (yk === cur ? "#c2410c" : "#c9d3dd");
        ctx.fillRect(k * bw, h - bh, Math.max(1, bw - 0.5), bh);
      }
      if (cur !== null) {
        ctx.fillStyle = "#c2410c";
        ctx.fillRect((cur - tl.lo) * bw, 0, Math.max(1.5, bw), h);
      }
    }
    function go(yr) {
      if (yr !== null) yr = Math.max(tl.lo, Math.min(tl.hi, yr));
      cur = yr;
      setYear(map, d, yr);
      draw();
    }
    function stop() { if (timer) { clearInterval(timer); timer = null; } draw(); }
    function play() {
      if (timer) { stop(); return; }
      if (cur === null || cur >= tl.hi) go(tl.lo);
      timer = setInterval(function () {
        if (cur >= tl.hi) { stop(); return; }
        go(cur + 1);
      }, 800 / speed);
      draw();
    }
    var ctl = control("bottomleft", function () {
      box = L.DomUtil.create("div", "sistermap-timeline");
      L.DomEvent.disableClickPropagation(box);
      L.DomEvent.disableScrollPropagation(box);
      box.innerHTML = '<div class="sm-tl-row">' +
        '<button type="button" data-a="prev" title="Previous year" aria-label="Previous year">' +
        icon("prev") + "</button>" +
        '<button type="button" data-a="play" class="sm-play"></button>' +
        '<button type="button" data-a="next" title="Next year" aria-label="Next year">' +
        icon("next") + "</button>" +
        '<span class="sm-tl-year" aria-live="polite"></span>' +
        '<select data-a="speed" title="Speed" aria-label="Speed"><option value="1">1\u00d7' +
        '</option><option value="2">2\u00d7</option><option value="4">4\u00d7</option>' +
        "</select>" +
        '<button type="button" data-a="all" title="Show every link" class="sm-all">All</button>' +
        "</div>" +
        '<input type="range" aria-label="Year" min="' + tl.lo + '" max="' + tl.hi +
        '" step="1">' + '<canvas class="sm-hist" height="30"></canvas>' +
        '<div class="sm-tl-note"></div>';
      year = box.querySelector(".sm-tl-year");
      hist = box.querySelector(".sm-hist");
      slider = box.querySelector("input");
      playBtn = box.querySelector(".sm-play");
      var note = [];
      if (tl.undated) note.push(plural(tl.undated, "link") + " with no known year " +
                                (tl.undated === 1 ? "is" : "are") + " not played");
      if (tl.endless) note.push(plural(tl.endless, "ended link") + " with no known end " +
                                "year stay" + (tl.endless === 1 ? "s" : ""));
      box.querySelector(".sm-tl-note").textContent = note.join("; ");
      box.querySelector("[data-a=prev]").onclick = function () {
        stop(); go(cur === null ? tl.hi : cur - 1); };
      box.querySelector("[data-a=next]").onclick = function () {
        stop(); go(cur === null ? tl.lo : cur + 1); };
      box.querySelector("[data-a=all]").onclick = function () { stop(); go(null); };
      box.querySelector("[data-a=speed]").onchange = function (e) {
        speed = +e.target.value || 1;
        if (timer) { clearInterval(timer); timer = null; play(); }
      };
      playBtn.onclick = play;
      slider.oninput = function () { stop(); go(+slider.value); };
      hist.onclick = function (e) {
        var r = hist.getBoundingClientRect();
        stop(); go(tl.lo + Math.floor((e.clientX - r.left) / r.width * tl.hist.length));
      };
      return box;
    });
    ctl.addTo(map);
    map.sistermap = map.sistermap || {};
    map.sistermap.timeline = {go: go, play: play, stop: stop,
                              year: function () { return cur; }};
    function size() { box.classList.toggle("sm-big", big(map)); draw(); }
    size();
    if (start !== null && start !== undefined) go(start);
    map.on("resize", size);
    return ctl;
  }
  var CSS = [
    ".sistermap-legend{background:rgba(255,255,255,.94);padding:6px 10px;border-radius:6px;",
    "font:13px/1.45 system-ui,sans-serif;box-shadow:0 1px 5px rgba(0,0,0,.35);color:#111;",
    "max-width:400px}",
    ".sistermap-legend.sm-big{font-size:18px;padding:10px 14px;max-width:560px}",
    ".sistermap-legend.sm-wide{font-size:15px;max-width:460px}",
    ".sm-legend-toggle{all:unset;cursor:pointer;font-weight:700}",
    ".sm-swatch{display:inline-block;width:22px;height:5px;vertical-align:middle;",
    "margin-right:8px;border-radius:2px}",
    ".sm-big .sm-swatch{width:30px;height:7px}",
    ".sm-swatch.sm-sel{height:7px;background:#444;box-shadow:0 0 0 2px #1a1a1a}",
    ".sm-legend-note{font-style:italic;max-width:300px}",
    ".sistermap-notice{background:#fff3cd;color:#4a3b00;padding:4px 8px;border-radius:4px;",
    "font:13px system-ui,sans-serif;box-shadow:0 1px 4px rgba(0,0,0,.3)}",
    ".sistermap-fullscreen a{display:flex;align-items:center;justify-content:center}",
    ".sistermap-label{white-space:nowrap;font:600 var(--sm-label-size,13px)/1.3 system-ui,",
    "sans-serif;color:#1d1d1d;text-shadow:0 0 3px #fff,0 0 3px #fff,0 0 2px #fff;",
    "pointer-events:auto;cursor:pointer;padding:0 2px}",
    ".sistermap-label.sm-sel{font-weight:800;color:#000;font-size:calc(var(--sm-label-size,",
    "13px) * 1.15)}",
    ".sistermap-label.sm-mine{font-weight:700;color:#000}",
    ".leaflet-container{background:#dbe7f1 !important}",
    ":fullscreen .sistermap-legend{font-size:18px}",
    ".sistermap-timeline{background:rgba(255,255,255,.95);padding:6px 10px;border-radius:6px;",
    "box-shadow:0 1px 5px rgba(0,0,0,.35);font:13px system-ui,sans-serif;color:#111;",
    "width:min(380px,calc(100vw - 40px))}",
    ".sm-tl-row{display:flex;align-items:center;gap:6px}",
    ".sistermap-timeline button{display:inline-flex;align-items:center;justify-content:center;",
    "min-width:34px;height:30px;border:1px solid #bbb;border-radius:4px;background:#fff;",
    "cursor:pointer;color:#111;font:600 13px system-ui,sans-serif}",
    ".sistermap-timeline button.sm-play{background:#0b5394;color:#fff;border-color:#0b5394}",
    ".sm-tl-year{font:700 18px system-ui,sans-serif;min-width:82px;text-align:center}",
    ".sistermap-timeline select{height:30px}",
    ".sistermap-timeline input[type=range]{width:100%;margin:6px 0 2px}",
    ".sm-hist{width:100%;height:30px;display:block;cursor:pointer}",
    ".sm-tl-note{font-size:12px;color:#444;margin-top:2px}",
    ".sistermap-timeline.sm-big{width:520px;font-size:16px;padding:10px 14px}",
    ".sm-big .sm-tl-year{font-size:26px;min-width:110px}",
    ".sistermap-timeline.sm-big button{min-width:46px;height:40px;font-size:16px}",
    ".sistermap-timeline.sm-big select{height:40px;font-size:16px}",
    ".sm-big .sm-tl-note{font-size:15px}",
    ".sistermap-year{position:absolute;top:10px;left:50%;transform:translateX(-50%);",
    "z-index:800;font:800 clamp(40px,7vw,120px)/1 system-ui,sans-serif;color:rgba(20,20,20,.72);",
    "text-shadow:0 0 6px #fff,0 0 12px #fff;pointer-events:none}"
  ].join("");
  /* Called once, after every layer: the parts of the map that are not layers. */
  function finish(map, d, opt) {
    prepare(d);
    if (!document.getElementById("sistermap-css")) {
      var s = document.createElement("style");
      s.id = "sistermap-css"; s.textContent = CSS;
      document.head.appendChild(s);
    }
    noScrollFocus(map);
    fitHeight(map);
    if (opt.fullscreen) fullscreen(map);
    legend(map, Object.assign({compact: !!opt.timeline}, opt.legend));
    d.hl = opt.highlight || [];
    d.hlset = {};
    d.hl.forEach(function (h) { d.hlset[h] = 1; });
    if (d.hl.length && map.sistermap && map.sistermap.cities) {
      map.sistermap.cities.eachLayer(function (l) {
        if (l._smC !== undefined && d.hlset[l._smC] && l._smC !== d.sel)
          l.setStyle(opt.cityStyles ? opt.cityStyles.mine : {color: "#000", weight: 1.5,
                                                             fillColor: "#fff"});
      });
    }
    if (opt.labels) labels(map, d, opt);
    if (opt.timeline) timelineControl(map, d, opt.timeline, opt.year);
    tileFallback(map);
    if (d.lod && d.la.length)
      notice(map, d.la.length.toLocaleString("en") + " links: zoom in for each one's details.");
    var layers = map.sistermap || {};
    ["sel", "cities"].forEach(function (r) {
      if (layers[r] && layers[r]._map) layers[r].bringToFront();
    });
    frame(map, d, opt.frame);
  }
  return {arc: arc, arcw: arcw, path: path, build: build, prepare: prepare, finish: finish};
})();
