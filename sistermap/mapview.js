window.SisterMap = window.SisterMap || (function () {
  "use strict";
  var R = Math.PI / 180, EARTH = __EARTH__, KMV = __KMV__, MAXSEG = __MAXSEG__;
  function unit(lon, lat) {
    var l = lon * R, p = lat * R;
    return [Math.cos(p) * Math.cos(l), Math.cos(p) * Math.sin(l), Math.sin(p)];
  }
  /* Great-circle arc as Leaflet [lat, lng] parts, cut at the antimeridian (same maths and
     level of detail as sistermap/arcs.py, which the tests compare it with). */
  function arc(x1, y1, x2, y2) {
    var a = unit(x1, y1), b = unit(x2, y2);
    var cx = a[1] * b[2] - a[2] * b[1], cy = a[2] * b[0] - a[0] * b[2],
        cz = a[0] * b[1] - a[1] * b[0];
    var w = Math.atan2(Math.sqrt(cx * cx + cy * cy + cz * cz),
                       a[0] * b[0] + a[1] * b[1] + a[2] * b[2]);
    var n = Math.min(MAXSEG, Math.max(1, Math.ceil(w * EARTH / KMV)));
    var s = Math.sin(w), parts = [], cur = [], shift = 0, prev = x1;
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
      var x = lon + shift;
      if (cur.length && Math.abs(x) > 180) {
        var last = cur[cur.length - 1], edge = x > 0 ? 180 : -180;
        var frac = x !== last[1] ? (edge - last[1]) / (x - last[1]) : 0;
        var yc = last[0] + frac * (lat - last[0]);
        cur.push([yc, edge]);
        parts.push(cur);
        shift -= x > 0 ? 360 : -360;
        x = lon + shift;
        cur = [[yc, -edge]];
      }
      cur.push([lat, x]);
    }
    parts.push(cur);
    return parts;
  }
  function prepare(d) {
    if (d.x) return d;
    var n = d.cx.length, i;
    d.x = new Float64Array(n); d.y = new Float64Array(n);
    for (i = 0; i < n; i++) { d.x[i] = d.cx[i] / 1e4; d.y[i] = d.cy[i] / 1e4; }
    return d;
  }
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
  function linkLayer(d, i, style, key) {
    var a = d.la[i], b = d.lb[i];
    var l = L.polyline(arc(d.x[a], d.y[a], d.x[b], d.y[b]), style);
    l.feature = {type: "Feature", properties: {
      id: d.pid ? d.pid[i] : d.ci[a] + "~" + d.ci[b], t: linkTip(d, i), s: key}};
    return l;
  }
  function cityLayer(d, i, styles) {
    var key = i === d.sel ? "sel" : "city";
    var r = d.cr[i] / 10;
    var l = L.circleMarker([d.y[i], d.x[i]], Object.assign({}, styles[key], {radius: r}));
    l.feature = {type: "Feature", properties: {id: d.ci[i], t: cityTip(d, i), s: key, r: r}};
    return l;
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
    return (v.w <= w || v.e >= e) ? 1 : 0;  // crosses the antimeridian: [e,180]+[-180,w]
  }
  function inside(x, y, v) {
    return y >= v.s && y <= v.n && (v.all || (x >= v.w && x <= v.e));
  }
  function view(map) {
    var b = map.getBounds().pad(0.25);
    var w = b.getWest(), e = b.getEast();
    return {s: b.getSouth(), n: b.getNorth(), w: w, e: e, all: e - w >= 360};
  }
  function overviewLayer(d, g, style) {
    var o = d.ov;
    for (var i = 0; i < o.n.length; i++) {
      var a = o.a[i], b = o.b[i], n = o.n[i], key = d.styles[o.k[i]];
      var ln = L.polyline(arc(o.x[a], o.y[a], o.x[b], o.y[b]), Object.assign({}, style,
        {color: d.colors[key], weight: Math.min(0.8 + 0.8 * Math.log2(n), 7)}));
      var tip = plural(n, "partnership") + (o.lab[a] === o.lab[b] ? " within " + o.lab[a] :
        " between " + o.lab[a] + " and " + o.lab[b]);
      ln.feature = {type: "Feature", properties: {id: "", t: tip, s: key, n: n}};
      g.addLayer(ln);
    }
  }
  /* Build one named layer of the map from the shared data. */
  function build(map, d, role, key, opt) {
    prepare(d);
    d.sel = opt.sel === undefined ? -1 : opt.sel;
    var i, g = group(role !== "cities"), base = {weight: 1.6, opacity: 0.75};
    if (role === "links") {
      var k = d.styles.indexOf(key), st = Object.assign({}, base, {color: d.colors[key]});
      for (i = 0; i < d.la.length; i++) if (d.lk[i] === k) g.addLayer(linkLayer(d, i, st, key));
    } else if (role === "sel") {
      var sst = {color: "#222222", weight: 3.5, opacity: 0.95};
      for (i = 0; i < d.la.length; i++)
        if (d.la[i] === d.sel || d.lb[i] === d.sel) g.addLayer(linkLayer(d, i, sst, "sel"));
    } else if (role === "cities" && !d.lod) {
      for (i = 0; i < d.cx.length; i++) g.addLayer(cityLayer(d, i, opt.cityStyles));
    } else {
      lazy(map, d, role, g, base, opt);
    }
    map.sistermap = map.sistermap || {}; window.map = window.map || map;
    map.sistermap[role + (key || "")] = g;
    return g;
  }
  /* Level of detail for big maps: zoomed out, links are grouped by country pair and only
     the best-connected cities are drawn; zoomed in, only what is in view is built, so
     Leaflet never holds more than a few thousand layers whatever the data's size. */
  function lazy(map, d, role, g, base, opt) {
    var lod = d.lod, state = {mode: null};
    function update() {
      var z = map.getZoom(), detail = z >= lod.zoom, v = detail ? view(map) : null, i;
      if (!detail && state.mode === "overview") return;
      state.mode = detail ? "detail" : "overview";
      g.clearLayers();
      if (role === "overview") {
        if (!detail) overviewLayer(d, g, {opacity: 0.45});
      } else if (role === "detail" && detail) {
        var near = [], far = [];
        for (i = 0; i < d.la.length && near.length < lod.links; i++) {
          var w = where(d, i, v);
          if (w === 2) near.push(i); else if (w === 1 && far.length < lod.links) far.push(i);
        }
        var chosen = near.concat(far).slice(0, lod.links);
        for (i = 0; i < chosen.length; i++) {
          var j = chosen[i], key = d.styles[d.lk[j]];
          g.addLayer(linkLayer(d, j, Object.assign({}, base, {color: d.colors[key]}), key));
        }
        g.shown = chosen.length;
      } else if (role === "cities") {
        var cap = detail ? lod.cities : lod.top, count = 0;
        for (i = 0; i < d.cx.length && count < cap; i++) {
          if (!detail || inside(d.x[i], d.y[i], v) || i === d.sel) {
            g.addLayer(cityLayer(d, i, opt.cityStyles)); count++;
          }
        }
        if (d.sel >= 0 && d.sel >= i) g.addLayer(cityLayer(d, d.sel, opt.cityStyles));
      }
      var layers = map.sistermap || {};
      ["sel", "cities"].forEach(function (r) {
        if (layers[r] && layers[r] !== g && layers[r]._map) layers[r].bringToFront();
      });
      if (role !== "cities" && layers.cities && layers.cities._map) layers.cities.bringToFront();
    }
    map.on("zoomend moveend", update);
    map.whenReady(update);
  }
  return {arc: arc, build: build, prepare: prepare};
})();
