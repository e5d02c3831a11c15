/* SisterMap in the browser — the legend control: the colours' meaning, folding on a phone. */
var SM = SM || {};
(function (SM) {
  "use strict";
  function legend(map, spec) {
    var box, open;
    var ctl = SM.control("bottomright", function () {
      box = L.DomUtil.create("div", "sistermap-legend");
      L.DomEvent.disableClickPropagation(box);
      L.DomEvent.disableScrollPropagation(box);
      render();
      return box;
    });
    function render() {
      var html = '<button type="button" class="sm-legend-toggle" aria-expanded="' +
        (open ? "true" : "false") + '">' + spec.title + (open ? " \u25BE" : " \u25B8") +
        "</button>";
      if (open) {
        html += "<div class='sm-legend-items'>";
        for (var i = 0; i < spec.items.length; i++)
          html += '<div><span class="sm-swatch" style="background:' + spec.items[i][0] +
            '"></span>' + spec.items[i][1] + "</div>";
        if (spec.sel) html += '<div><span class="sm-swatch sm-sel"></span>' + spec.sel + "</div>";
        if (spec.dashed)  // status never by colour alone: ended links are dashed
          html += '<div><span class="sm-swatch sm-dash"></span>' + spec.dash + "</div>";
        if (spec.note) html += "<div class='sm-legend-note'>" + spec.note + "</div>";
        html += "</div>";
      }
      box.innerHTML = html;
      box.classList.toggle("sm-big", SM.big(map));
      box.classList.toggle("sm-wide", SM.wide(map) && !SM.big(map));
      box.firstChild.onclick = function () { open = !open; box.dataset.touched = "1"; render(); };
    }
    /* Open, except on a phone, or on a narrow map where the year control needs the room. */
    function roomy() { return !SM.small(map) && !(spec.compact && map.getSize().x < 900); }
    open = roomy();
    ctl.addTo(map);
    map.on("resize", function () {
      if (!box) return;
      var want = roomy();
      if (want !== open && !box.dataset.touched) { open = want; render(); }
      box.classList.toggle("sm-big", SM.big(map));
    });
    return ctl;
  }
  SM.legend = legend;
})(SM);
