/* SisterMap in the browser — framing: which part of the world the map opens on (the world,
   a selection, a box or a view), and the map's height on the page. fitView is the browser's
   copy of geo.fit_view (the reference; the tests compare the two under node). */
var SM = SM || {};
(function (SM) {
  "use strict";
  var D = Math.PI / 180, MAX_LAT = 85.0511287798;  // Leaflet's Web Mercator limit
  /* Web Mercator y of a latitude (radians of the sphere; Leaflet's SphericalMercator). */
  function merc(lat) {
    var s = Math.sin(Math.max(Math.min(MAX_LAT, lat), -MAX_LAT) * D);
    return Math.log((1 + s) / (1 - s)) / 2;
  }
  /* The centre and zoom that show the box b = [[south, west], [north, east]] in a map of
     w × h pixels, as Leaflet's fitBounds computes them: the box padded by o.pad of its
     size on each side (LatLngBounds.pad) and o.padPx pixels on each side, the zoom the
     largest that fits, snapped down to o.step (after a 1% tolerance) and kept within
     [o.min, o.max]. Pure (no Leaflet); geo.fit_view is the reference. */
  function fitView(b, w, h, o) {
    o = o || {};
    var s = b[0][0], west = b[0][1], n = b[1][0], east = b[1][1];
    var pad = o.pad || 0, px = o.padPx || 0, step = o.step === undefined ? 0.25 : o.step;
    var min = o.min === undefined ? 0 : o.min, max = o.max === undefined ? 18 : o.max;
    if (pad) {
      var dy = Math.abs(s - n) * pad, dx = Math.abs(west - east) * pad;
      s -= dy; n += dy; west -= dx; east += dx;
    }
    var bx = 256 * Math.abs(east - west) / 360,
        by = 256 * Math.abs(merc(n) - merc(s)) / (2 * Math.PI);
    var scale = Math.min((w - 2 * px) / bx, (h - 2 * px) / by);
    var zoom = Math.log(scale) / Math.LN2;
    if (step) {
      zoom = Math.round(zoom / (step / 100)) * (step / 100);  // within 1% of a step: that step
      zoom = Math.floor(zoom / step) * step;
    }
    zoom = Math.max(min, Math.min(max, zoom));
    var lat = zoom === Infinity ? (s + n) / 2
      : (2 * Math.atan(Math.exp((merc(s) + merc(n)) / 2)) - Math.PI / 2) / D;
    return {center: [lat, (west + east) / 2], zoom: zoom};
  }
  /* map.fitBounds(b) through fitView, so the browser frames as the reference does. */
  function fit(map, b, o) {
    o = o || {};
    var size = map.getSize(), max = map.getMaxZoom();
    var v = fitView(b, size.x, size.y, {
      pad: o.pad, padPx: o.padPx, step: L.Browser.any3d ? map.options.zoomSnap : 1,
      min: map.getMinZoom(), max: o.maxZoom === undefined ? max : Math.min(max, o.maxZoom)});
    map.setView(v.center, v.zoom, {animate: false});
  }
  function box(b) { return [[b.getSouth(), b.getWest()], [b.getNorth(), b.getEast()]]; }
  /* Framing: a selection fits the city and every partner (drawn from the city, so a link
     across the Pacific is one box, not the whole world); otherwise the inhabited world,
     centred where the data needs it, Antarctica left out. */
  function frame(map, d, f) {
    function world() {
      var w = f.world, west = w[0][1], east = w[1][1];
      if (SM.small(map)) {  // a phone: most of the world, big enough to read; pan for the rest
        var mid = (west + east) / 2;
        west = mid - 130; east = mid + 130;
      }
      fit(map, [[w[0][0], west], [w[1][0], east]]);
    }
    function selection() {
      var g = map.sistermap && map.sistermap.sel, b = null;
      if (g && g.getLayers().length) {
        b = L.latLngBounds([]);
        g.eachLayer(function (l) { b.extend(L.latLngBounds(l.getLatLngs()[0])); });
      } else if (d.sel >= 0) {
        b = L.latLngBounds([[d.y[d.sel] - 2, d.x[d.sel] - 3], [d.y[d.sel] + 2, d.x[d.sel] + 3]]);
      }
      if (b) fit(map, box(b), {pad: 0.08, padPx: 24, maxZoom: 9});
      else world();
    }
    function apply() {
      if (f.mode === "selection" && d.sel >= 0) selection();
      else if (f.mode === "view" && f.center) map.setView(f.center, f.zoom || 4, {animate: false});
      else if (f.mode === "bounds" && f.bounds) fit(map, f.bounds);
      else world();
    }
    apply();
    map.on("sm-reframe", apply);
    map.sistermap = map.sistermap || {};
    map.sistermap.reframe = apply;
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
  SM.fitView = fitView; SM.fit = fit; SM.frame = frame; SM.fitHeight = fitHeight;
})(SM);
