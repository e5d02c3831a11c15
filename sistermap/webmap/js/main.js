/* SisterMap in the browser — bootstrap: finish() adds, after every layer, the parts of the
   map that are not layers, and the script's public face (window.SisterMap) is returned. */
var SM = SM || {};
(function (SM) {
  "use strict";
  /* Clicking the map must not scroll the page: Leaflet focuses its container on mouse-down,
     and inside an iframe that scrolled the page, so the click landed on another city. */
  function noScrollFocus(map) {
    var el = map.getContainer(), focus = el.focus;
    el.focus = function () {
      try { focus.call(el, {preventScroll: true}); } catch (e) { focus.call(el); }
    };
  }
  /* Cities named and emphasised whatever the zoom (a tour step's), rows of the table. */
  function highlight(map, d, opt) {
    d.hl = opt.highlight || [];
    d.hlset = {};
    d.hl.forEach(function (h) { d.hlset[h] = 1; });
    if (d.hl.length && map.sistermap && map.sistermap.cities) {
      map.sistermap.cities.eachLayer(function (l) {
        if (l._smC !== undefined && d.hlset[l._smC] && l._smC !== d.sel)
          l.setStyle(opt.cityStyles ? opt.cityStyles.mine : {color: "#000", weight: 1.5,
                                                             fillColor: "#fff"});
      });
    }
  }
  /* Called once, after every layer: the parts of the map that are not layers. */
  function finish(map, d, opt) {
    SM.prepare(d);
    map.sistermap = map.sistermap || {};
    map.sistermap.data = d; map.sistermap.opt = opt;
    if (!document.getElementById("sistermap-css")) {
      var s = document.createElement("style");
      s.id = "sistermap-css"; s.textContent = SM.CSS;
      document.head.appendChild(s);
    }
    noScrollFocus(map);
    SM.theme(map, opt.theme);
    SM.fitHeight(map);
    if (opt.fullscreen) SM.fullscreen(map);
    var dashed = d.ls.some(function (s) { return d.std[s] === 1; });
    SM.legend(map, Object.assign({compact: !!opt.timeline, dashed: dashed}, opt.legend));
    highlight(map, d, opt);
    if (opt.labels) SM.labels(map, d, opt);
    if (opt.timeline) SM.timelineControl(map, d, opt.timeline, opt.year);
    SM.tileFallback(map);
    SM.forwardKeys(map);
    if (d.lod && d.la.length)
      SM.notice(map, SM.t(d, "lod", "{n} links: zoom in for each one's details.",
                          d.la.length.toLocaleString(document.documentElement.lang || "en")));
    var layers = map.sistermap || {};
    ["sel", "cities"].forEach(function (r) {
      if (layers[r] && layers[r]._map) layers[r].bringToFront();
    });
    SM.frame(map, d, opt.frame);
    SM.liveClicks(map, d);
    SM.keepClear(map, d);
    SM.a11y(map, d, opt.a11y);
    window.__smDrawnAt = SM.now();  // drawn: for bench/bench_live.py
  }
  SM.finish = finish;
  SM.api = {arc: SM.arc, arcw: SM.arcw, path: SM.path, build: SM.build, prepare: SM.prepare,
            finish: finish, live: SM.live};
})(SM);
