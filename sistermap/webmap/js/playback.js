/* SisterMap in the browser — playback: show the map as it was in one year (the rule itself,
   onMap, is in data.js; timeline.shown_in is its reference). */
var SM = SM || {};
(function (SM) {
  "use strict";
  /* Links on the map per city in year yr (d.con), counting those ending that year, which are
     drawn faded; returns how many links are drawn. */
  function countYear(d, yr) {
    var i, n = d.la.length, visible = 0;
    d.con = new Int32Array(d.cx.length);
    for (i = 0; i < n; i++) if (SM.onMap(d, i) || (d.le[i] === yr && (!d.on || d.on[i]))) {
      d.con[d.la[i]]++; d.con[d.lb[i]]++; visible++;
    }
    return visible;
  }
  /* Show the links of one year of playback (null: every link, no playback). Links appear in
     the year they were formed and stay; ended and suspended ones are drawn faded in their
     end year and leave after it. Only layers whose state changes are touched, so a frame
     costs little even with thousands of links. */
  function setYear(map, d, yr) {
    d.yr = yr;
    var visible = yr !== null || d.on ? countYear(d, yr) : d.la.length;
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
          fade = yr !== null && d.le[l._smI] === yr && (!d.on || d.on[l._smI] === 1);
          want = SM.onMap(d, l._smI) || fade;
        } else if (l._smC !== undefined) want = SM.cityOn(d, l._smC) || l._smC === d.sel;
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
  SM.countYear = countYear; SM.setYear = setYear;
})(SM);
