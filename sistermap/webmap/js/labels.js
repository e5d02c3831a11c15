/* SisterMap in the browser — labels: the selected city and its partners first, then the
   best-connected cities, each placed only where it overlaps no other label and no drawn
   city dot; zooming in makes room for more. Labels take no clicks or hovers (map.css): the
   dot under the pointer always wins. The placement (labelOrder, placeLabels) is pure and tested under
   node; labels() draws its result with Leaflet. */
var SM = SM || {};
(function (SM) {
  "use strict";
  /* Is city i named whatever the competition (the selection, its partners, highlights)? */
  function forcedOf(d, i) {
    return i === d.sel || (d.mine && d.mine[i]) || (d.hlset && d.hlset[i]);
  }
  /* The cities that may be named, most important first: the selected city, the highlighted
     ones, the partners, then every city best-connected first (the table's order). With a
     selection, only its own names. */
  function labelOrder(d) {
    var order = [], out = [], seen = {}, i;
    if (d.sel >= 0) order.push(d.sel);
    (d.hl || []).forEach(function (h) { order.push(h); });
    if (d.mine) for (var c in d.mine) order.push(+c);
    for (i = 0; i < d.cx.length && i < 4000; i++) order.push(i);
    for (var o = 0; o < order.length; o++) {
      i = order[o];
      if (seen[i]) continue;
      seen[i] = 1;
      if (!SM.cityOn(d, i)) continue;
      if (d.sel >= 0 && !forcedOf(d, i)) continue;  // a selection: its own names only
      out.push(i);
    }
    return out;
  }
  /* Text widths as the browser draws a label (map.css: its font and weight), measured on a
     canvas; null where there is none (node), and an estimate is used. An estimate from the
     number of letters ran short of wide names ("Volgograd": 74 px estimated, 79 drawn), and
     labels placed apart by it overlapped. */
  var measurer;
  function textWidth(text, fs, weight) {
    if (measurer === undefined) {
      try { measurer = document.createElement("canvas").getContext("2d"); } catch (e) {
        measurer = null;
      }
    }
    if (!measurer) return null;
    measurer.font = weight + " " + fs + 'px "SisterMap CJK", system-ui, sans-serif';
    return measurer.measureText(text).width;
  }
  /* A label's box in pixels for a font size (names of the selection set a little bolder):
     the drawn text, its 2 px padding each side and 2 px to spare on each. */
  function labelBox(text, fs, forced, sel) {
    var measured = textWidth(text, fs, sel ? 800 : (forced ? 700 : 600));
    if (measured === null) {
      var bold = forced ? 1.08 : 1;
      return {w: (text.length * 0.56 * fs + 8) * bold, h: fs * 1.35};
    }
    return {w: measured + 8, h: fs * 1.35};
  }
  /* Where a label may go, best first: right of its dot, left, above, below, then at its
     corners; a forced one
     has more spots, slid inside the map near its edge rather than vanish. c = {x, y, r, w,
     h, forced} (the dot's centre and radius, the label's size), size = {x, y}. */
  function spots(c, size) {
    var x = c.x, y = c.y, r = c.r, w = c.w, h = c.h;
    var tries = [[x + r, y - h / 2], [x - r - w, y - h / 2], [x - w / 2, y - r - h],
                 [x - w / 2, y + r], [x + r, y - r - h], [x + r, y + r], [x - r - w, y - r - h],
                 [x - r - w, y + r]];  // then the diagonals: room between the drawn dots
    if (c.forced) {
      tries = tries.concat([[x + r, y - h], [x + r, y], [x - r - w, y - h], [x - r - w, y],
        [x + r, y + h * 0.6], [x + r, y - h * 1.6], [x - r - w, y + h * 0.6],
        [x - r - w, y - h * 1.6]]);
      tries = tries.map(function (bx) {
        return [Math.max(2, Math.min(bx[0], size.x - w - 2)),
                Math.max(2, Math.min(bx[1], size.y - h - 2))];
      });
    }
    return tries;
  }
  /* Does the box [x, y] of size w × h overlap one of the boxes [x, y, w, h]? */
  function hits(boxes, bx, w, h) {
    for (var b = 0; b < boxes.length; b++) {
      var q = boxes[b];
      if (bx[0] < q[0] + q[2] && bx[0] + w > q[0] && bx[1] < q[1] + q[3] && bx[1] + h > q[1])
        return true;
    }
    return false;
  }
  /* The first spot inside the map that overlaps none of the labels' boxes nor any of the
     obstacles (the drawn dots' boxes) [x, y, w, h], or null. */
  function free(boxes, obstacles, tries, w, h, size) {
    for (var t = 0; t < tries.length; t++) {
      var bx = tries[t];
      if (bx[0] < 2 || bx[1] < 2 || bx[0] + w > size.x - 2 || bx[1] + h > size.y - 2)
        continue;
      if (!hits(boxes, bx, w, h) && !hits(obstacles, bx, w, h)) return bx;
    }
    return null;
  }
  /* Place labels in priority order, at most max of them: candidates(i) gives city i's dots
     in view as {x, y, r, w, h, forced, sel}; each is placed at its first free spot, one
     that covers no other label and no drawn dot (obstacles: the dots' boxes [x, y, w, h],
     so a label never takes the click or the look meant for another city's dot; the
     selected city is always named, on its first spot if none is free). Returns
     [{i, x, y, w, h, c}] in the order placed. */
  function placeLabels(order, candidates, size, max, obstacles) {
    var boxes = [], out = [], n = 0;
    obstacles = obstacles || [];
    for (var o = 0; o < order.length && n < max; o++) {
      var list = candidates(order[o]);
      for (var s = 0; s < list.length; s++) {
        var c = list[s], tries = spots(c, size), place = free(boxes, obstacles, tries, c.w,
          c.h, size);
        if (!place && c.sel) place = tries[0];  // the selected city is always named
        if (!place) continue;
        boxes.push([place[0], place[1], c.w, c.h]);
        out.push({i: order[o], x: place[0], y: place[1], w: c.w, h: c.h, c: c});
        n++;
      }
    }
    return out;
  }
  /* The boxes [x, y, w, h] of every city dot drawn in the map's view, in pixels. */
  function dots(map) {
    var out = [], g = map.sistermap && map.sistermap.cities, size = map.getSize();
    if (!g || !g._map) return out;
    g.eachLayer(function (l) {
      if (!l.getLatLng || !l._map) return;
      var p = map.latLngToContainerPoint(l.getLatLng()), r = l.getRadius() + 1;
      if (p.x + r < 0 || p.y + r < 0 || p.x - r > size.x || p.y - r > size.y) return;
      out.push([p.x - r, p.y - r, 2 * r, 2 * r]);
    });
    return out;
  }
  function labels(map, d, opt) {
    var g = L.featureGroup();
    function update() {
      g.clearLayers();
      var size = map.getSize(), big = SM.big(map);
      var fs = big ? 16 : (SM.wide(map) ? 14 : (SM.small(map) ? 11 : 13));
      var max = Math.round(size.x * size.y / (big ? 14000 : 12000)), v = SM.view(map, 0);
      function candidates(i) {
        var out = [], forced = forcedOf(d, i), xs = [SM.cityX(d, i)];  // its one dot
        for (var s = 0; s < xs.length; s++) {
          if (d.y[i] < v.s || d.y[i] > v.n || xs[s] < v.w || xs[s] > v.e) continue;
          var p = map.latLngToContainerPoint([d.y[i], xs[s]]);
          // (d.cn is escaped HTML: an entity measures a little wider than its character)
          var box = labelBox(d.cn[i], i === d.sel ? fs * 1.15 : fs, forced, i === d.sel);
          out.push({x: p.x, y: p.y, r: d.cr[i] / 10 * (d.rs || 1) + 2, w: box.w, h: box.h,
                    forced: forced, sel: i === d.sel});
        }
        return out;
      }
      placeLabels(labelOrder(d), candidates, size, max, dots(map)).forEach(function (pl) {
        var i = pl.i;
        var cls = "sistermap-label" + (i === d.sel ? " sm-sel" : (pl.c.forced ? " sm-mine" : ""));
        var ll = map.containerPointToLatLng([pl.x, pl.y]);
        var m = L.marker(ll, {icon: L.divIcon({className: cls, html: d.cn[i],
          iconSize: null, iconAnchor: [0, 0]}), keyboard: false, interactive: false});
        m.feature = {type: "Feature", properties: {id: d.ci[i], t: SM.cityTip(d, i),
          s: "label"}};
        m._smFont = fs;
        g.addLayer(m);
      });
      map.getContainer().style.setProperty("--sm-label-size", fs + "px");
    }
    g.addTo(map);
    map.on("moveend resize sm-year", update);  // a zoom ends with moveend too
    map.whenReady(update);
    map.sistermap = map.sistermap || {};
    map.sistermap.labels = g;
    return g;
  }
  SM.labelOrder = labelOrder; SM.labelBox = labelBox; SM.labelSpots = spots;
  SM.placeLabels = placeLabels; SM.labels = labels;
})(SM);
