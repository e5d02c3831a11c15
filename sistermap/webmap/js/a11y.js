/* SisterMap in the browser — the map without a mouse: a keyboard moves from city to city
   and selects one, a screen reader hears where it is, and a reader who asked the system for
   less motion gets none.

   The map (Leaflet's container, in the page's tab order) is named and described; with the
   focus on it, ArrowDown / ArrowUp go to the next / previous city drawn (the selected city
   first, then its partners, then every other city, best-connected first: the order of the
   labels), Home / End to the first / last, and Enter selects the city as a click on its dot
   does (the same events, so the app hears it the same way). The city in focus has a ring
   round its dot and its tooltip open, the map pans to keep it in view, and a live region
   says its name, country and partner count. ArrowLeft / ArrowRight, + and - keep Leaflet's meaning (pan, zoom) and
   keys.js's (a remote's Next and Previous). The order (keyOrder, step) is pure and tested
   under node. */
var SM = SM || {};
(function (SM) {
  "use strict";
  /* The rows a keyboard visits, in order: the selection, its partners, then the others,
     each in the table's order (best-connected first); only cities drawn (drawn[i]). */
  function keyOrder(d, drawn) {
    var first = [], mine = [], rest = [];
    for (var i = 0; i < d.cx.length; i++) {
      if (!drawn[i]) continue;
      if (i === d.sel) first.push(i);
      else if (d.mine && d.mine[i]) mine.push(i);
      else rest.push(i);
    }
    return first.concat(mine, rest);
  }
  /* The row after (by +1) or before (by -1) row cur in order, wrapping; the first (or the
     last, going back) when cur is not in it. "home" / "end": the first / the last. */
  function step(order, cur, by) {
    if (!order.length) return -1;
    if (by === "home") return order[0];
    if (by === "end") return order[order.length - 1];
    var k = order.indexOf(cur);
    if (k < 0) return by > 0 ? order[0] : order[order.length - 1];
    return order[(k + by + order.length) % order.length];
  }
  /* The text of a tooltip (escaped HTML, as plan.esc made it) as plain text. */
  function plainText(html) {
    var el = document.createElement("textarea");
    el.innerHTML = html;
    return el.value;
  }
  /* The drawn city layers, by row. */
  function drawnCities(map) {
    var out = {}, g = map.sistermap && map.sistermap.cities;
    if (g && g._map) g.eachLayer(function (l) {
      if (l._smC !== undefined && l._map) out[l._smC] = l;
    });
    return out;
  }
  /* Leaflet draws zooms, pans and fades as animations: none where the reader asked the
     system for reduced motion (WCAG 2.3.3). The year control never plays by itself. */
  function calm(map) {
    var mq = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)");
    if (!mq || !mq.matches) return false;
    map._zoomAnimated = false;
    map.options.zoomAnimation = false; map.options.fadeAnimation = false;
    map.options.markerZoomAnimation = false; map.options.inertia = false;
    var panBy = map.panBy;
    map.panBy = function (offset, o) {
      return panBy.call(this, offset, Object.assign({}, o, {animate: false}));
    };
    map.flyTo = function (c, z) { return this.setView(c, z, {animate: false}); };
    map.flyToBounds = function (b, o) {
      return this.fitBounds(b, Object.assign({}, o, {animate: false}));
    };
    map.getContainer().classList.add("sm-calm");
    return true;
  }
  function a11y(map, d, tx) {
    tx = tx || {};
    var box = map.getContainer(), cur = -1, ring = null;
    calm(map);
    box.setAttribute("role", "application");
    box.setAttribute("aria-roledescription", tx.role || "map");
    box.setAttribute("aria-label", tx.name || "Map");
    if (!box.hasAttribute("tabindex")) box.setAttribute("tabindex", "0");
    var help = L.DomUtil.create("div", "sm-sr", box);
    help.id = "sm-map-help-" + L.stamp(map);
    help.textContent = tx.help || "";
    box.setAttribute("aria-describedby", help.id);
    var live = L.DomUtil.create("div", "sm-sr sm-live", box);
    live.setAttribute("aria-live", "polite");
    live.setAttribute("role", "status");
    function say(text) {
      live.textContent = "";  // the same words again are said again
      setTimeout(function () { live.textContent = text; }, 30);
    }
    function cities() { return map.sistermap.cities; }
    function unring() {
      if (ring) { ring.forEach(function (r) { map.removeLayer(r); }); ring = null; }
      if (cities() && cities().closeTooltip) cities().closeTooltip();
    }
    function focusCity(i) {
      var l = drawnCities(map)[i];
      unring();
      cur = i;
      if (!l) return;
      var ll = l.getLatLng(), r = l.getRadius() + 5;
      ring = [L.circleMarker(ll, {radius: r + 1.5, color: "#ffffff", weight: 6, fill: false,
                                  interactive: false, className: "sm-key-ring"}),
              L.circleMarker(ll, {radius: r + 1.5, color: "#1a1a1a", weight: 3, fill: false,
                                  interactive: false, className: "sm-key-ring"})];
      ring.forEach(function (x) { x.addTo(map); });
      map.panInside(ll, {padding: [60, 60], animate: false});
      l.fire("mouseover", {latlng: ll}, true);  // its tooltip, as a pointer over it opens
      say(plainText(SM.cityTip(d, i)));
    }
    /* Select city i as a click on its dot does: live.js selects it in place on "preclick"
       and streamlit-folium returns the "click" to the app. */
    function choose(i) {
      var l = drawnCities(map)[i];
      if (!l) return;
      var ll = l.getLatLng(), e = {latlng: ll, layerPoint: map.latLngToLayerPoint(ll),
                                   containerPoint: map.latLngToContainerPoint(ll)};
      l.fire("preclick", e, true);
      l.fire("click", e, true);
      if (i === d.sel) announceSelected(i);  // already selected: nothing else says so
    }
    function announceSelected(i) {
      say((tx.selected || "{city}").replace("{city}", plainText(SM.cityTip(d, i))));
    }
    box.addEventListener("keydown", function (e) {
      if (e.target !== box || e.altKey || e.ctrlKey || e.metaKey) return;
      var by = {ArrowDown: 1, ArrowUp: -1, Home: "home", End: "end"}[e.key];
      if (by !== undefined) {
        var drawn = drawnCities(map), order = keyOrder(d, drawn), next = step(order, cur, by);
        e.preventDefault(); e.stopImmediatePropagation();  // not Leaflet's pan up or down
        if (next < 0) { say(tx.none || ""); return; }
        focusCity(next);
      } else if (e.key === "Enter" && cur >= 0) {
        e.preventDefault();
        choose(cur);
      }
    }, true);
    box.addEventListener("blur", unring);
    map.on("sm-select", function (e) {
      if (e.sel >= 0) announceSelected(e.sel);
    });
    map.on("sm-year zoomend", function () {  // the ring follows its city, or goes with it
      if (ring && cur >= 0) {
        var l = drawnCities(map)[cur];
        if (!l) unring();
        else ring.forEach(function (x) { x.setLatLng(l.getLatLng()); });
      }
    });
    map.sistermap.keys = {focus: focusCity, choose: choose,
                          current: function () { return cur; },
                          ringed: function () { return ring ? ring.length : 0; }};
  }
  SM.keyOrder = keyOrder; SM.keyStep = step; SM.a11y = a11y; SM.calm = calm;
})(SM);
