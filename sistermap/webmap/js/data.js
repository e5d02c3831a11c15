/* SisterMap in the browser — data: the shared table sent by Python (every key is listed in
   sistermap/webmap/contract.py), the playback rule, tooltips and the selection.
   Pure: no Leaflet, no DOM; the tests run it under node. */
var SM = SM || {};
(function (SM) {
  "use strict";
  /* Decode the table once: coordinates in degrees, longitudes in the map's frame. */
  function prepare(d) {
    if (d.x) return d;
    var n = d.cx.length, i;
    d.c0 = d.c0 || 0;
    d.x = new Float64Array(n); d.y = new Float64Array(n);
    for (i = 0; i < n; i++) { d.x[i] = SM.norm(d.cx[i] / 1e4, d.c0); d.y[i] = d.cy[i] / 1e4; }
    return d;
  }
  /* The selected city (row sel, or -1) and its partners (d.mine: row -> 1). */
  function select(d, sel) {
    d.sel = sel === undefined ? -1 : sel;
    if (d.sel >= 0 && !d.mine) {
      d.mine = {};
      for (var m = 0; m < d.la.length; m++) {
        if (d.la[m] === d.sel) d.mine[d.lb[m]] = 1;
        if (d.lb[m] === d.sel) d.mine[d.la[m]] = 1;
      }
    }
    return d;
  }
  /* Where city i's one dot is drawn (its longitude): in the map's frame, but with a
     selection a partner sits one world over when that is where the arc from the selected
     city reaches it (the copy nearest the selection), so each city is drawn once and every
     arc of the selection ends on its partner's dot. */
  function cityX(d, i) {
    var x = d.x[i];
    if (d.sel >= 0 && i !== d.sel && d.mine && d.mine[i]) {
      var s = d.x[d.sel];
      x = s + ((((x - s) % 360) + 540) % 360 - 180);
    }
    return x;
  }
  /* Playback: is link i on the map in the year being played (d.yr; null plays nothing and
     shows every link)? Formed by then, and not yet ended or suspended (timeline.shown_in). */
  function onMap(d, i) {
    if (d.on && !d.on[i]) return false;  // left out by the app's filters (live.js)
    if (d.yr === null || d.yr === undefined) return true;
    return d.ly[i] > 0 && d.ly[i] <= d.yr && !(d.le[i] > 0 && d.le[i] <= d.yr);
  }
  /* A city is on the map while one of its links is (d.con: links per city this year). */
  function cityOn(d, c) {
    return ((d.yr === null || d.yr === undefined) && !d.on) || !!(d.con && d.con[c] > 0);
  }
  /* The partners each city has among the links the app's filters keep (d.on, live.js),
     and its dot's size for them (d.rk: palette.city_radius by count): a filtered map says
     "3 partners shown (16 in all)" and sizes the dot by 3, as a map built for those
     filters does. No mask: the counts the map was built with. */
  function recount(d) {
    if (!d.ck0) { d.ck0 = d.ck.slice(); d.cr0 = d.cr.slice(); }
    if (!d.on) { d.ck = d.ck0.slice(); d.cr = d.cr0.slice(); return d; }
    var n = d.ck0.length, ck = new Array(n).fill(0), cr = new Array(n), top = d.rk.length - 1;
    for (var i = 0; i < d.la.length; i++) {
      if (d.on[i]) { ck[d.la[i]]++; ck[d.lb[i]]++; }
    }
    for (var c = 0; c < n; c++) cr[c] = d.rk[Math.min(ck[c], top)];
    d.ck = ck; d.cr = cr;
    return d;
  }
  function plural(n, word) { return n + " " + word + (n === 1 ? "" : "s"); }
  /* The words the script writes come from Python in the reader's language (d.tx,
     plan.map_texts); the English fallback only serves a table made without them. */
  function t(d, key, fallback, n) {
    var s = (d && d.tx && d.tx[key]) || fallback;
    return n === undefined ? s : s.replace("{n}", n);
  }
  function linkTip(d, i) {
    var y = d.ly[i];
    return d.cn[d.la[i]] + " \u2013 " + d.cn[d.lb[i]] + (y ? " (" + y + ")" : "") +
      (d.ls[i] ? " \u2014 " + d.stl[d.ls[i]] : "") +
      (d.lm ? " \u00b7 " + d.mk[d.lm[i]] : "");
  }
  function cityTip(d, i) {
    var k = d.ck[i], tip = d.cn[i] + ", " + d.co[d.cc[i]] + " \u2014 " +
      t(d, k === 1 ? "partner1" : "partnerN", plural(k, "partner").replace(/^\d+/, "{n}"), k);
    if (d.cd[i] !== k) tip += " " + t(d, "shownOf", "shown ({all} in all)").replace("{all}", d.cd[i]);
    return tip;
  }
  /* The id a click on link i returns: its pair id. */
  function linkId(d, i) { return d.pid ? d.pid[i] : d.ci[d.la[i]] + "~" + d.ci[d.lb[i]]; }
  /* Is link i (or its endpoints) within the view? 2: an end is in view, 1: its box
     crosses the view, 0: neither. */
  function where(d, i, v) {
    var a = d.la[i], b = d.lb[i];
    if (SM.inside(d.x[a], d.y[a], v) || SM.inside(d.x[b], d.y[b], v)) return 2;
    var s = Math.min(d.y[a], d.y[b]), n = Math.max(d.y[a], d.y[b]);
    if (n < v.s || s > v.n) return 0;
    var w = Math.min(d.x[a], d.x[b]), e = Math.max(d.x[a], d.x[b]);
    if (e - w <= 180) return (e < v.w || w > v.e) ? 0 : 1;
    return (v.w <= w || v.e >= e) ? 1 : 0;  // crosses the far side: [e,c0+180]+[c0-180,w]
  }
  SM.prepare = prepare; SM.select = select; SM.onMap = onMap; SM.cityOn = cityOn;
  SM.recount = recount;
  SM.plural = plural; SM.t = t; SM.linkTip = linkTip; SM.cityTip = cityTip; SM.linkId = linkId;
  SM.where = where; SM.cityX = cityX;
})(SM);
