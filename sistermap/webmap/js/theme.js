/* SisterMap in the browser — the theme: "sm-dark" on the map's container while the dark
   basemap is shown (map.css turns the sea, labels, legend and year control dark; the density
   canvas adds its lines up so dense corridors glow). Follows the basemap chosen in the
   layer control. */
var SM = SM || {};
(function (SM) {
  "use strict";
  function theme(map, name) {
    var el = map.getContainer();
    function set(dark) {
      el.classList.toggle("sm-dark", dark);
      var layers = map.sistermap || {};
      if (layers.density && layers.density._map) layers.density._draw();
    }
    set(name === "dark");
    map.on("baselayerchange", function (e) {
      set(!!(map.sistermap && e.layer === map.sistermap.dark));
    });
  }
  SM.theme = theme;
})(SM);
