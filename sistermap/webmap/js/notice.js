/* SisterMap in the browser — the notice control (a line of text on the map), and the
   fallback to the plain map when optional tiles cannot load. */
var SM = SM || {};
(function (SM) {
  "use strict";
  function notice(map, text) {
    var n = SM.control("bottomleft", function () {
      var div = L.DomUtil.create("div", "sistermap-notice");
      div.textContent = text;
      return div;
    });
    n.addTo(map);
    return n;
  }
  /* Optional tiles: if they cannot load (no network), say so and show the plain map. */
  function tileFallback(map) {
    function watch(layer) {
      if (!(layer instanceof L.TileLayer) || layer._smWatched) return;
      layer._smWatched = true; layer._smOk = 0; layer._smBad = 0;
      layer.on("tileload", function () { layer._smOk++; });
      layer.on("tileerror", function () {
        layer._smBad++;
        if (layer._smOk === 0 && layer._smBad >= 2 && map.hasLayer(layer)) {
          map.removeLayer(layer);
          var plain = map.sistermap && map.sistermap.basemap;
          if (plain && !map.hasLayer(plain)) plain.addTo(map).bringToBack();
          if (!map._smTileNotice)
            map._smTileNotice = notice(map, SM.t(map.sistermap && map.sistermap.data, "tiles",
              "Map tiles could not be loaded (no internet?): showing the plain map."));
        }
      });
    }
    map.eachLayer(watch);
    map.on("layeradd", function (e) { watch(e.layer); });
  }
  SM.notice = notice; SM.tileFallback = tileFallback;
})(SM);
