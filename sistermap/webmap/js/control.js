/* SisterMap in the browser — what the controls share: a Leaflet control made from a
   function, and the sizes of screen they adapt to. */
var SM = SM || {};
(function (SM) {
  "use strict";
  function control(pos, make) {
    var C = L.Control.extend({onAdd: make});
    return new C({position: pos});
  }
  /* A projector-sized map: wide and tall enough for the large legend, names and year
     control (on a laptop's short screen a full-width map is wide but short, and the large
     panels would cover most of it). */
  function big(map) { var s = map.getSize(); return s.x >= 1300 && s.y >= 560; }
  /* A projector-sized window, where the map itself may be only a column of it. */
  function wide(map) {
    var w = 0;
    try { w = window.top.innerWidth; } catch (e) { w = window.innerWidth; }
    return w >= 1800 && map.getSize().x >= 800;
  }
  function small(map) { return map.getSize().x < 640; }
  SM.control = control; SM.big = big; SM.wide = wide; SM.small = small;
})(SM);
