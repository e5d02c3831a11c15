/* SisterMap in the browser — density: every link of a big map as a thin translucent line on
   one canvas, where overlap reads as density. */
var SM = SM || {};
(function (SM) {
  "use strict";
  /* Each link's arc projected once (Web Mercator pixels at zoom 0), so a redraw is only a
     scale and a shift per point: 25,000 arcs redraw in tens of milliseconds. */
  function projected(map, d) {
    var n = d.la.length, xy = [], start = new Int32Array(n + 1),
        minx = new Float32Array(n), maxx = new Float32Array(n);
    for (var i = 0; i < n; i++) {
      start[i] = xy.length;
      var a = d.la[i], b = d.lb[i], pts = SM.path(d.x[a], d.y[a], d.x[b], d.y[b]),
          lo = Infinity, hi = -Infinity;
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
     deepens, so a dense region reads as density instead of a blob. The lines are blended,
     not painted over each other: on the dark theme they add up ("lighter": a corridor of
     many links glows brighter than any one line), on the light one they multiply (a
     corridor darkens past its colour instead of stopping at it). Their opacity falls with
     the number of links, so a few links stay clear and many do not turn into one smear;
     each colour's also with its own count, so a colour of few links (the links within a
     country, say) still shows beside one of many. Drawn in one pass per colour, so 25,000
     links redraw in a few tens of milliseconds; not interactive (the cities are, and each
     link is, once zoomed in). */
  /* How lines are blended: added up on the dark theme, multiplied on the light one. */
  SM.densityBlend = function (map) {
    return map.getContainer().classList.contains("sm-dark") ? "lighter" : "multiply";
  };
  /* A line's opacity, from the number of links n and of links of its colour nk: lower the
     more there are (about 0.23 for a colour of all 25,000 links on the light theme, and
     0.045 on the dark one, where added-up lines would soon burn to white); a colour of
     fewer links is a little more opaque (the geometric mean of the two counts). */
  SM.densityAlpha = function (n, dark, nk) {
    var k = 1 / Math.sqrt(Math.sqrt(Math.max(n, 1) * Math.max(nk || n, 1)));
    return dark ? Math.max(0.035, Math.min(0.6, 7 * k)) : Math.max(0.15, Math.min(0.7, 36 * k));
  };
  SM.DensityLayer = (typeof window !== "undefined" && window.L && L.Layer.extend) ? L.Layer.extend({
    initialize: function (d, how) { this._d = d; this._how = how; },
    onAdd: function (map) {
      this._canvas = L.DomUtil.create("canvas", "sistermap-density leaflet-zoom-hide");
      this._canvas.style.pointerEvents = "none";
      map.getPanes().overlayPane.appendChild(this._canvas);
      map.on("moveend", this._moved, this);
      map.on("resize", this._draw, this);
      map.on("zoomstart", this._hide, this);
      map.on("zoomanim", this._predraw, this);
      this._draw();
    },
    onRemove: function (map) {
      L.DomUtil.remove(this._canvas);
      map.off("moveend", this._moved, this);
      map.off("resize", this._draw, this);
      map.off("zoomstart", this._hide, this);
      map.off("zoomanim", this._predraw, this);
    },
    _hide: function () { this._canvas.style.visibility = "hidden"; this._ready = null; },
    /* A zoom animation runs on the compositor for a quarter of a second: the new view is
       drawn (hidden) in that time, from the zoom's target, so the zoom's end only shows it
       instead of drawing then. */
    _predraw: function (e) {
      var self = this, map = this._map;
      if (!map || !map._getNewPixelOrigin) return;
      var origin = map._getNewPixelOrigin(e.center, e.zoom);
      setTimeout(function () {
        if (!self._map) return;
        self._draw(e.zoom, origin, true);
        self._ready = e.zoom + ":" + origin.x + ":" + origin.y;
      }, 0);
    },
    _moved: function () {
      var map = this._map, origin = map && map.getPixelOrigin();
      if (map && this._ready && this._ready === map.getZoom() + ":" + origin.x + ":" + origin.y) {
        var how = this._how;
        this._canvas.style.visibility = how.hidden && how.hidden(map) ? "hidden" : "visible";
        this._ready = null;
        return;
      }
      this._ready = null;
      this._draw();
    },
    /* Draw for the current view, or (a zoom under way) for the view at ``zoom`` with pixel
       origin ``origin``, kept hidden until the zoom ends. */
    _draw: function (zoom, origin, hidden) {
      var map = this._map, d = this._d, how = this._how;
      if (!map) return;
      if (typeof zoom !== "number") { zoom = map.getZoom(); origin = map.getPixelOrigin(); }
      var size = map.getSize(), c = this._canvas, ratio = window.devicePixelRatio || 1;
      var topLeft = map.containerPointToLayerPoint([0, 0]);
      L.DomUtil.setPosition(c, topLeft);
      c.width = size.x * ratio; c.height = size.y * ratio;
      c.style.width = size.x + "px"; c.style.height = size.y + "px";
      var off = how.hidden && how.hidden(map, zoom);
      c.style.visibility = off || hidden ? "hidden" : "visible";
      var ctx = c.getContext("2d");
      ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
      ctx.clearRect(0, 0, size.x, size.y);
      if (off) return;
      var n = d.la.length, dark = SM.densityBlend(map) === "lighter";
      ctx.globalCompositeOperation = c.dataset.blend = SM.densityBlend(map);
      ctx.lineWidth = how.width || 1; ctx.lineJoin = "round";
      var P = this._paths || (this._paths = projected(map, d));
      var z = Math.pow(2, zoom),
          pane = map._getMapPanePos(), ox = pane.x - origin.x, oy = pane.y - origin.y,
          world = 256 * z, byStyle = {}, i, k;
      for (i = 0; i < n; i++) {
        if (!SM.onMap(d, i)) continue;
        k = d.lk[i]; (byStyle[k] = byStyle[k] || []).push(i);
      }
      for (k in byStyle) {
        ctx.strokeStyle = d.colors[d.styles[k]];
        ctx.globalAlpha = SM.densityAlpha(n, dark, byStyle[k].length);
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
})(SM);
