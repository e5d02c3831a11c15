/* SisterMap in the browser — the full-screen button (no plugin, so nothing from a CDN). */
var SM = SM || {};
(function (SM) {
  "use strict";
  var SVG_FULL = '<svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true">' +
    '<path d="M4 9V4h5M15 4h5v5M20 15v5h-5M9 20H4v-5" fill="none" stroke="#222" ' +
    'stroke-width="2.4"/></svg>';
  function fullscreen(map) {
    var el = map.getContainer();
    SM.control("topleft", function () {
      var div = L.DomUtil.create("div", "leaflet-bar sistermap-fullscreen");
      var a = L.DomUtil.create("a", "", div);
      var label = SM.t(map.sistermap && map.sistermap.data, "fullscreen", "Full screen");
      a.href = "#"; a.title = label; a.setAttribute("role", "button");
      a.setAttribute("aria-label", label); a.innerHTML = SVG_FULL;
      L.DomEvent.on(a, "click", function (e) {
        L.DomEvent.preventDefault(e);
        if (document.fullscreenElement) document.exitFullscreen();
        else if (el.requestFullscreen) el.requestFullscreen();
      });
      L.DomEvent.disableClickPropagation(div);
      return div;
    }).addTo(map);
    document.addEventListener("fullscreenchange", function () {
      setTimeout(function () { map.invalidateSize(); map.fire("sm-reframe"); }, 150);
    });
  }
  SM.fullscreen = fullscreen;
})(SM);
