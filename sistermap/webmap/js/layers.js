/* SisterMap in the browser — layers: one Leaflet layer per link and city, built from the
   shared table, and the lazy level of detail of big maps. */
var SM = SM || {};
(function (SM) {
  "use strict";
  function linkLayer(d, i, style, key, from) {
    var a = d.la[i], b = d.lb[i];
    if (from === b) { a = d.lb[i]; b = d.la[i]; }  // drawn from the selected city
    var l = L.polyline(SM.arcw(d, d.x[a], d.y[a], d.x[b], d.y[b]), style);
    l.feature = {type: "Feature", properties: {id: SM.linkId(d, i), t: SM.linkTip(d, i), s: key}};
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
    l.feature = {type: "Feature", properties: {id: d.ci[i], t: SM.cityTip(d, i), s: key, r: r}};
    l._smC = i;
    return l;
  }
  /* Each city is drawn once, where SM.cityX puts it (a partner where the selection's arc
     reaches it): a city drawn twice showed every partner twice on a phone, the arc
     reaching only one of them. */
  function addCity(d, g, i, styles) {
    g.addLayer(cityLayer(d, i, styles, SM.cityX(d, i)));
  }
  /* Cities in drawing order: bigger dots first, so a smaller dot is drawn (and hit) above a
     bigger one it sits on, and every dot keeps a part that takes its own clicks. */
  function bySize(d, list) {
    return list.slice().sort(function (a, b) { return d.cr[b] - d.cr[a] || a - b; });
  }
  /* Leaflet's canvas drops a mouse move that comes within 32 ms of the last one it handled,
     so a pointer that stops on a dot right after crossing another one kept the other's
     tooltip. The last move over the canvas is handled again once the pointer rests. */
  function settleHover(map, g) {
    if (map._smSettle) return;
    map._smSettle = true;
    var timer = null;
    map.getContainer().addEventListener("mousemove", function (e) {
      clearTimeout(timer);
      var first = g.getLayers()[0], r = first && first._renderer;
      if (!r || !r._handleMouseHover || e.target !== r._container) return;
      timer = setTimeout(function () {
        if (!map._loaded || (map.dragging && map.dragging.moving()) || map._animatingZoom)
          return;
        r._mouseHoverThrottled = false;
        r._handleMouseHover(e, map.mouseEventToLayerPoint(e));
      }, 40);
    });
    map.getContainer().addEventListener("mouseout", function () { clearTimeout(timer); });
  }
  function tipOf(l) { return l.feature.properties.t; }
  function group(sticky) {
    var g = L.featureGroup();
    g.bindTooltip(tipOf, {sticky: sticky});
    return g;
  }
  /* The map's view as a box {s, n, w, e, all}, padded by a fraction (0.25 by default). */
  function view(map, pad) {
    var b = map.getBounds().pad(pad === undefined ? 0.25 : pad);
    var w = b.getWest(), e = b.getEast();
    return {s: b.getSouth(), n: b.getNorth(), w: w, e: e, all: e - w >= 360};
  }
  /* Build one named layer of the map from the shared data. */
  function build(map, d, role, key, opt) {
    SM.prepare(d);
    SM.select(d, opt.sel);
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
      var all = [];
      for (i = 0; i < d.cx.length; i++) all.push(i);
      bySize(d, all).forEach(function (c) { addCity(d, g, c, opt.cityStyles); });
    } else if (role === "density") {
      g = new SM.DensityLayer(d, {hidden: function (mp, zoom) {
        return (typeof zoom === "number" ? zoom : mp.getZoom()) >= d.lod.zoom; }});
    } else {
      lazy(map, d, role, g, base, opt);
    }
    if (role === "cities") settleHover(map, g);
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
          if (!SM.onMap(d, i)) continue;
          var w = SM.where(d, i, v);
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
        var cap = detail ? lod.cities : lod.top, count = 0, drawn = [];
        for (i = 0; i < d.cx.length && count < cap; i++) {
          if (!SM.cityOn(d, i)) continue;
          if (!detail || SM.inside(d.x[i], d.y[i], v) || i === d.sel || (d.mine && d.mine[i])) {
            drawn.push(i); count++;
          }
        }
        if (d.sel >= 0 && d.sel >= i) drawn.push(d.sel);
        if (d.mine) for (var c in d.mine) if (+c >= i) drawn.push(+c);
        bySize(d, drawn).forEach(function (c) { addCity(d, g, c, opt.cityStyles); });
      }
      var layers = map.sistermap || {};
      ["sel", "cities", "labels"].forEach(function (r) {
        if (layers[r] && layers[r] !== g && layers[r]._map && layers[r].bringToFront)
          layers[r].bringToFront();
      });
    }
    g._smRefresh = function () { state.mode = null; update(); };
    map.on("moveend", update);  // every zoom ends with a moveend: once
    map.whenReady(update);
  }
  SM.tipOf = tipOf; SM.view = view; SM.build = build; SM.addCity = addCity;
})(SM);
