/* SisterMap in the browser — the year control: play/pause, step, speed, a slider and a
   histogram of links formed per year; the year being played is shown large on the map. */
var SM = SM || {};
(function (SM) {
  "use strict";
  var ICONS = {
    play: '<path d="M7 4l13 8-13 8z" fill="currentColor"/>',
    pause: '<path d="M6 4h4v16H6zM14 4h4v16h-4z" fill="currentColor"/>',
    prev: '<path d="M5 4h3v16H5zM20 4L9 12l11 8z" fill="currentColor"/>',
    next: '<path d="M16 4h3v16h-3zM4 4l11 8-11 8z" fill="currentColor"/>'
  };
  function icon(name) {
    return '<svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true">' +
      ICONS[name] + "</svg>";
  }
  /* The year control: play/pause, step, speed, a slider and a histogram of links formed
     per year under it; the year being played is shown large on the map. */
  function timelineControl(map, d, tl, start) {
    var box, year, hist, slider, playBtn, timer = null, speed = 1, cur = null;
    var shown = L.DomUtil.create("div", "sistermap-year", map.getContainer());
    function draw() {
      shown.textContent = cur === null ? "" : String(cur);
      shown.style.display = cur === null ? "none" : "block";
      year.textContent = cur === null ? SM.t(d, "allYears", "All years") : String(cur);
      slider.value = cur === null ? tl.hi : cur;
      playBtn.innerHTML = icon(timer ? "pause" : "play");
      playBtn.title = timer ? SM.t(d, "pause", "Pause") : SM.t(d, "play", "Play");
      playBtn.setAttribute("aria-label", playBtn.title);
      var ctx = hist.getContext("2d"), w = hist.clientWidth || 300, h = 30,
          ratio = window.devicePixelRatio || 1, m = Math.max.apply(null, tl.hist) || 1;
      hist.width = w * ratio; hist.height = h * ratio;
      ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
      ctx.clearRect(0, 0, w, h);
      var bw = w / tl.hist.length;
      for (var k = 0; k < tl.hist.length; k++) {
        var yk = tl.lo + k, bh = tl.hist[k] ? Math.max(1.5, (h - 2) * tl.hist[k] / m) : 0;
        ctx.fillStyle = cur === null || yk < cur ? "#5b7a99" : (yk === cur ? "#c2410c" : "#c9d3dd");
        ctx.fillRect(k * bw, h - bh, Math.max(1, bw - 0.5), bh);
      }
      if (cur !== null) {
        ctx.fillStyle = "#c2410c";
        ctx.fillRect((cur - tl.lo) * bw, 0, Math.max(1.5, bw), h);
      }
    }
    function go(yr) {
      if (yr !== null) yr = Math.max(tl.lo, Math.min(tl.hi, yr));
      cur = yr;
      SM.setYear(map, d, yr);
      draw();
    }
    function stop() { if (timer) { clearInterval(timer); timer = null; } draw(); }
    function play() {
      if (timer) { stop(); return; }
      if (cur === null || cur >= tl.hi) go(tl.lo);
      timer = setInterval(function () {
        if (cur >= tl.hi) { stop(); return; }
        go(cur + 1);
      }, 800 / speed);
      draw();
    }
    var ctl = SM.control("bottomleft", function () {
      box = L.DomUtil.create("div", "sistermap-timeline");
      L.DomEvent.disableClickPropagation(box);
      L.DomEvent.disableScrollPropagation(box);
      box.innerHTML = '<div class="sm-tl-row">' +
        '<button type="button" data-a="prev">' +
        icon("prev") + "</button>" +
        '<button type="button" data-a="play" class="sm-play"></button>' +
        '<button type="button" data-a="next">' +
        icon("next") + "</button>" +
        '<span class="sm-tl-year" aria-live="polite"></span>' +
        '<select data-a="speed"><option value="1">1\u00d7' +
        '</option><option value="2">2\u00d7</option><option value="4">4\u00d7</option>' +
        "</select>" +
        '<button type="button" data-a="all" class="sm-all"></button>' +
        "</div>" +
        '<input type="range" min="' + tl.lo + '" max="' + tl.hi +
        '" step="1">' + '<canvas class="sm-hist" height="30"></canvas>' +
        '<div class="sm-tl-note"></div>';
      year = box.querySelector(".sm-tl-year");
      hist = box.querySelector(".sm-hist");
      slider = box.querySelector("input");
      playBtn = box.querySelector(".sm-play");
      /* The words, in the reader's language (d.tx), set as text: never parsed as HTML. */
      [["[data-a=prev]", "prev", "Previous year"], ["[data-a=next]", "next", "Next year"],
       ["[data-a=speed]", "speed", "Speed"], ["[data-a=all]", "showAll", "Show every link"],
       ["input", "year", "Year"]].forEach(function (w) {
        var el = box.querySelector(w[0]), s = SM.t(d, w[1], w[2]);
        el.title = s; el.setAttribute("aria-label", s);
      });
      box.querySelector("[data-a=all]").textContent = SM.t(d, "all", "All");
      var note = [];
      if (tl.undated) note.push(SM.t(d, tl.undated === 1 ? "undated1" : "undatedN",
                                     SM.plural(tl.undated, "link") + " with no known year " +
                                     (tl.undated === 1 ? "is" : "are") + " not played",
                                     tl.undated));
      if (tl.endless) note.push(SM.t(d, tl.endless === 1 ? "endless1" : "endlessN",
                                     SM.plural(tl.endless, "ended link") + " with no known " +
                                     "end year stay" + (tl.endless === 1 ? "s" : ""),
                                     tl.endless));
      box.querySelector(".sm-tl-note").textContent = note.join("; ");
      box.querySelector("[data-a=prev]").onclick = function () {
        stop(); go(cur === null ? tl.hi : cur - 1); };
      box.querySelector("[data-a=next]").onclick = function () {
        stop(); go(cur === null ? tl.lo : cur + 1); };
      box.querySelector("[data-a=all]").onclick = function () { stop(); go(null); };
      box.querySelector("[data-a=speed]").onchange = function (e) {
        speed = +e.target.value || 1;
        if (timer) { clearInterval(timer); timer = null; play(); }
      };
      playBtn.onclick = play;
      slider.oninput = function () { stop(); go(+slider.value); };
      hist.onclick = function (e) {
        var r = hist.getBoundingClientRect();
        stop(); go(tl.lo + Math.floor((e.clientX - r.left) / r.width * tl.hist.length));
      };
      return box;
    });
    ctl.addTo(map);
    map.sistermap = map.sistermap || {};
    map.sistermap.timeline = {go: go, play: play, stop: stop,
                              year: function () { return cur; }};
    function size() { box.classList.toggle("sm-big", SM.big(map)); draw(); }
    size();
    if (start !== null && start !== undefined) go(start);
    map.on("resize", size);
    return ctl;
  }
  SM.timelineControl = timelineControl;
})(SM);
