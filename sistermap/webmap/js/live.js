/* SisterMap in the browser — live: the app's map page keeps one map alive across reruns.
   A click on a city selects it here at once (links, markers, labels), with no round trip;
   the app is told (streamlit-folium returns the click) and only updates its panel. The app
   sends back what changed, not a new page: SisterMap.live(map, {sel, on}) with the
   selected row and the links its filters keep (a bitmap), applied in place. */
var SM = SM || {};
(function (SM) {
  "use strict";
  /* Links kept by the filters: a base64 bitmap (bit i of byte i >> 3: link i), or null
     (every link). Returns a Uint8Array of 0/1 per link, or null. */
  function decodeMask(b64, n) {
    if (b64 === null || b64 === undefined) return null;
    var bin = atob(b64), on = new Uint8Array(n);
    for (var i = 0; i < n; i++) on[i] = (bin.charCodeAt(i >> 3) >> (i & 7)) & 1;
    return on;
  }
  /* The normal (undimmed) opacity of the link layers, as SM.build draws them. */
  function linkOpacity(d) {
    var n = d.la.length;
    if (d.sel >= 0) return 0.22;
    return d.lod ? 0.35 : (n < 300 ? 0.85 : 0.6);
  }
  /* City i's marker style with the current selection (as layers.js cityLayer). */
  function cityStyle(d, i, styles, r) {
    var key = i === d.sel ? "sel" : (d.mine && d.mine[i] ? "mine" : "city");
    var st = Object.assign({}, styles[key] || styles.city, {radius: r});
    if (d.lod && key === "city") { st.fillOpacity = 0.55; st.weight = 0.6; }
    if (d.sel >= 0 && key === "city") { st.fillOpacity = 0.35; st.weight = 0.5; }
    return {key: key, style: st};
  }
  /* The lazy layers of a big map, restyled rather than rebuilt (thousands of layers): the
     links in detail are dimmed or not, the cities restyled, and the selection's partners
     not in view yet added. */
  function lazyReselect(d, g, name, opt) {
    if (name === "detail") {
      var od = d.sel >= 0 ? 0.25 : 0.55;  // as layers.js lazy()
      g.eachLayer(function (l) { l.setStyle({opacity: od}); });
      return;
    }
    if (name !== "cities" || !opt.cityStyles) { g._smRefresh(); return; }
    var present = {};
    g.eachLayer(function (l) {
      if (l._smC === undefined) return;
      present[l._smC] = 1;
      var cs = cityStyle(d, l._smC, opt.cityStyles, l.feature.properties.r);
      l.feature.properties.s = cs.key;
      l.setStyle(cs.style);
    });
    var want = d.sel >= 0 ? [d.sel] : [];
    if (d.mine) for (var c in d.mine) want.push(+c);
    want.forEach(function (i) {
      if (!present[i] && (i === d.sel || SM.cityOn(d, i))) SM.addCity(d, g, i, opt.cityStyles);
    });
  }
  /* Select row sel (-1: none) in place: the selection's links, dimming, markers, labels;
     each layer is redone once, and the density canvas (which has no selection) not at all. */
  function reselect(map, d, sel) {
    var layers = map.sistermap, opt = layers.opt || {};
    d.mine = undefined;
    SM.select(d, sel);
    if (layers.sel) { map.removeLayer(layers.sel); layers.sel = null; }
    if (d.sel >= 0) SM.build(map, d, "sel", "", {sel: d.sel}).addTo(map);
    var o = linkOpacity(d);
    Object.keys(layers).forEach(function (name) {
      var g = layers[name];
      if (!g || !g.getLayers || name === "labels" || name === "basemap") return;
      if (g._smRefresh) { lazyReselect(d, g, name, opt); return; }  // big maps' lazy layers
      (g._smAll || g.getLayers()).forEach(function (l) {
        if (name === "sel") {  // only the links shown in this year and with these filters
          if (!SM.onMap(d, l._smI)) g.removeLayer(l);
        } else if (l._smI !== undefined) {
          if (l._smBase) l._smBase.opacity = o;
          l.setStyle({opacity: o});
        } else if (l._smC !== undefined && opt.cityStyles) {
          var cs = cityStyle(d, l._smC, opt.cityStyles, l.feature.properties.r);
          l.feature.properties.s = cs.key;
          l.setStyle(cs.style);
        }
      });
    });
    map.fire("sm-year");  // the labels follow (the density canvas does not change)
    ["sel", "cities", "labels"].forEach(function (r) {
      if (layers[r] && layers[r]._map && layers[r].bringToFront) layers[r].bringToFront();
    });
    map.fire("sm-select", {sel: d.sel});
  }
  /* The city dots drawn now take their counts and sizes from d.ck and d.cr (recount). */
  function resize(map, d) {
    var g = map.sistermap.cities;
    if (!g || !g.eachLayer) return;
    (g._smAll || g.getLayers()).forEach(function (l) {
      if (l._smC === undefined) return;
      var r = d.cr[l._smC] / 10 * (d.rs || 1);
      l.feature.properties.r = r;
      l.feature.properties.t = SM.cityTip(d, l._smC);
      if (l.setRadius) l.setRadius(r);
    });
  }
  /* The row of a clicked city (a marker or a label), or -1. */
  function clickedCity(d, l) {
    if (!l) return -1;
    if (l._smC !== undefined) return l._smC;
    var id = l.feature && l.feature.properties && l.feature.properties.id;
    if (id === undefined || l.feature.properties.s !== "label") return -1;
    if (!d.rowOf) { d.rowOf = {}; d.ci.forEach(function (c, i) { d.rowOf[c] = i; }); }
    return d.rowOf[id] === undefined ? -1 : d.rowOf[id];
  }
  /* Tell the app of the click now, not after streamlit-folium's 250 ms pause (it waits in
     case the map is still moving): the value it would send (only "last_active_drawing" is
     asked for), remembered as sent so its own call, when the pause ends, sends nothing. */
  function tellNow() {
    var g = window.__GLOBAL_DATA__, st = window.Streamlit;
    if (!g || !st || !g.last_active_drawing || !g.returned_objects ||
        g.returned_objects.join(",") !== "last_active_drawing") return;
    var v = {last_active_drawing: g.last_active_drawing};
    if (JSON.stringify(g.previous_data) === JSON.stringify(v)) return;
    g.previous_data = v;
    st.setComponentValue(v);
  }
  /* A click on a city selects it at once ("preclick" comes before the click that
     streamlit-folium returns to the app, so the number set here goes with it): each click
     is numbered (properties.n), so clicking the same city again still reaches the app. */
  function clicks(map, d) {
    var count = 0;
    function pre(e) {
      var l = e.layer || e.propagatedFrom, i = clickedCity(d, l);
      if (i < 0) return;
      l.feature.properties.n = ++count;
      /* After this click's handlers (a microtask: still before the next paint): selecting
         rebuilds the layer clicked, which must still be on the map to report the click. */
      Promise.resolve().then(function () {
        var t = performance.now();
        if (i !== d.sel) reselect(map, d, i);
        window.__smSelectedAt = SM.now();  // for bench_live.py
        window.__smSelectMs = performance.now() - t;
        tellNow();
      });
    }
    ["cities", "labels"].forEach(function (r) {
      var g = map.sistermap[r];
      if (g && !g._smLive) { g._smLive = true; g.on("preclick", pre); }
    });
  }
  /* What the app sends on a rerun: u = {sel: row or -1, on: mask or null, fit: bool}.
     Only what changed is redone; a selection the browser already made is left alone. */
  function live(map, u) {
    var layers = map && map.sistermap, d = layers && layers.data;
    if (!d) return;
    var t0 = performance.now(), changed = false;
    if (u.on !== layers.onKey) {
      layers.onKey = u.on;
      d.on = decodeMask(u.on, d.la.length);
      changed = true;
      if (d.rk) { SM.recount(d); resize(map, d); }
    }
    if (changed) SM.setYear(map, d, d.yr === undefined ? null : d.yr);
    var sel = u.sel === undefined ? -1 : u.sel;
    if (sel !== d.sel) {
      reselect(map, d, sel);
      var f = layers.opt && layers.opt.frame;  // the frame SM.frame follows on resizes
      if (f) f.mode = sel >= 0 ? "selection" : "world";
      if (sel >= 0 && u.fit && layers.reframe) layers.reframe();
    }
    window.__smLive = {at: SM.now(), ms: performance.now() - t0, changed: changed};  // bench, tests
  }
  /* Wall-clock milliseconds (comparable across the app's page and the map's frame). */
  SM.now = function () { return performance.timeOrigin + performance.now(); };
  SM.decodeMask = decodeMask; SM.reselect = reselect; SM.live = live; SM.liveClicks = clicks;
})(SM);
