/* SisterMap in the browser — keep clear: the panels on the map (the legend, the year control)
   and the big year label never cover the cities the map is about (the selected city, its
   partners, a tour step's highlighted places). After every move, a panel over one of them
   goes to another corner of the map where it covers none (and no other panel), folded if
   it must be; the year label goes to the bottom of the map, then shrinks. A panel that
   finds no clear corner even folded stays, folded, where it was. */
var SM = SM || {};
(function (SM) {
  "use strict";
  var CORNERS = ["bottomright", "bottomleft", "topright", "topleft"];
  /* The boxes {x, y, w, h} (map pixels) of the dots of the cities the map is about. */
  function protectedDots(map, d) {
    var out = [], g = map.sistermap && map.sistermap.cities;
    if (!g || !g._map) return out;
    g.eachLayer(function (l) {
      var i = l._smC;
      if (i === undefined || !l._map) return;
      if (!(i === d.sel || (d.mine && d.mine[i]) || (d.hlset && d.hlset[i]))) return;
      var p = map.latLngToContainerPoint(l.getLatLng()), r = l.getRadius() + 2;
      out.push({x: p.x - r, y: p.y - r, w: 2 * r, h: 2 * r});
    });
    return out;
  }
  function boxOf(map, el) {
    var c = map.getContainer().getBoundingClientRect(), b = el.getBoundingClientRect();
    return {x: b.left - c.left, y: b.top - c.top, w: b.width, h: b.height};
  }
  function overlaps(a, b) {
    return a.w > 0 && a.h > 0 && a.x < b.x + b.w && a.x + a.w > b.x && a.y < b.y + b.h &&
      a.y + a.h > b.y;
  }
  function covers(box, dots) {
    return dots.some(function (q) { return overlaps(box, q); });
  }
  /* Move panel el to the first corner where it covers no protected dot and no other panel;
     where there is none, fold it (the year control keeps its row of buttons) and look
     again. */
  function placePanel(map, el, dots, others) {
    el.classList.remove("sm-fold");
    if (!covers(boxOf(map, el), dots)) return;
    var home = el.parentNode, corners = map._controlCorners || {};
    function clear() {
      var box = boxOf(map, el);
      return !covers(box, dots) && !others.some(function (o) {
        return o !== el && overlaps(box, boxOf(map, o));
      });
    }
    for (var fold = 0; fold < 2; fold++) {
      if (fold) el.classList.add("sm-fold");
      for (var k = 0; k < CORNERS.length; k++) {
        var corner = corners[CORNERS[k]];
        if (!corner) continue;
        if (corner !== el.parentNode) corner.appendChild(el);
        if (clear()) return;
      }
    }
    home.appendChild(el);  // nowhere clear: folded, where it was
  }
  function placeYear(map, el, dots) {
    el.classList.remove("sm-year-low", "sm-year-small");
    if (!covers(boxOf(map, el), dots)) return;
    el.classList.add("sm-year-low");
    if (!covers(boxOf(map, el), dots)) return;
    el.classList.remove("sm-year-low");
    el.classList.add("sm-year-small");
    if (!covers(boxOf(map, el), dots)) return;
    el.classList.add("sm-year-low");
  }
  function keepClear(map, d) {
    function update() {
      var dots = protectedDots(map, d);
      if (!dots.length) return;
      var box = map.getContainer();
      var panels = [].slice.call(box.querySelectorAll(".sistermap-legend, .sistermap-timeline"))
        .map(function (el) { return el.closest(".leaflet-control") || el; });
      panels.forEach(function (el) { placePanel(map, el, dots, panels); });
      var year = box.querySelector(".sistermap-year");
      if (year) placeYear(map, year, dots);
    }
    map.on("moveend zoomend resize sm-year", update);
    map.whenReady(function () { setTimeout(update, 0); });
    return update;
  }
  SM.keepClear = keepClear;
})(SM);
