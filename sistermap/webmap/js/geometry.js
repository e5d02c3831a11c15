/* SisterMap in the browser — geometry: great-circle arcs (the maths of sistermap/geo.py,
   which the tests compare this with), the antimeridian, and the world's frame.
   Pure: no Leaflet, no DOM; the tests run it under node. */
var SM = SM || {};
(function (SM) {
  "use strict";
  var R = Math.PI / 180, EARTH = __EARTH__, KMV = __KMV__, MAXSEG = __MAXSEG__;
  function unit(lon, lat) {
    var l = lon * R, p = lat * R;
    return [Math.cos(p) * Math.cos(l), Math.cos(p) * Math.sin(l), Math.sin(p)];
  }
  /* Points of the great circle from (x1, y1) to (x2, y2), longitudes unwrapped from x1 (they
     may leave -180..180), with the same level of detail as sistermap/geo.py. */
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
     maths of sistermap/geo.py, which the tests compare it with). */
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
  /* Is (x, y) inside the view v = {s, n, w, e, all}, in this world or one world over? */
  function inside(x, y, v) {
    if (y < v.s || y > v.n) return false;
    if (v.all) return true;
    return (x >= v.w && x <= v.e) || (x + 360 >= v.w && x + 360 <= v.e) ||
      (x - 360 >= v.w && x - 360 <= v.e);
  }
  SM.path = path; SM.arc = arc; SM.norm = norm; SM.arcw = arcw; SM.inside = inside;
})(SM);
