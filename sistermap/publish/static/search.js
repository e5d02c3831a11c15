/* SisterMap static site: the index's search, over every city and its other names.
   The names' search keys are made in Python (names.fold, the one rule) and shipped in
   data/search.js as window.SisterMapSearch = [[page, name, country, key, other keys...]].
   Only the typed text is folded here, approximately (accents and case dropped; other
   scripts kept), and the rule is filters.city_matches: a city's own name contains the
   text, or one of its other names starts with it. Results are built as text nodes, never
   as HTML. */
(function () {
  "use strict";
  var input = document.getElementById("search"), list = document.getElementById("results");
  var count = document.getElementById("count"), rows = window.SisterMapSearch || [];
  var root = (document.body.getAttribute("data-root") || "");
  /* Latin letters that do not decompose, spelled as names.fold (anyascii) spells them. */
  var LETTERS = {"\u00df": "ss", "\u0142": "l", "\u0111": "d", "\u00f8": "o", "\u00e6": "ae",
                 "\u0153": "oe", "\u0131": "i", "\u00fe": "th", "\u00f0": "d"};
  function fold(text) {
    return String(text).normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/[\u00df\u0142\u0111\u00f8\u00e6\u0153\u0131\u00fe\u00f0]/g,
               function (c) { return LETTERS[c]; })
      .replace(/[^0-9a-z\u00c0-\uffff]+/g, " ").trim();
  }
  function matches(row, q) {
    if (row[3].indexOf(q) >= 0) return true;
    for (var i = 4; i < row.length; i++) if (row[i].lastIndexOf(q, 0) === 0) return true;
    return false;
  }
  function show() {
    var q = fold(input.value);
    while (list.firstChild) list.removeChild(list.firstChild);
    if (!q) { count.textContent = ""; return; }
    var own = rows.filter(function (r) { return r[3] === q; });
    var hits = own.length ? own : rows.filter(function (r) { return matches(r, q); });
    hits.slice(0, 50).forEach(function (r) {
      var li = document.createElement("li"), a = document.createElement("a");
      a.href = root + r[0];
      a.textContent = r[1];
      li.appendChild(a);
      li.appendChild(document.createTextNode(r[2] ? " \u00b7 " + r[2] : ""));
      list.appendChild(li);
    });
    /* The words come from the page (data-*), written in Python through i18n. */
    var words = hits.length > 50 ? "data-more" : (hits.length ? "data-some" : "data-none");
    count.textContent = (count.getAttribute(words) || "").replace("{n}", hits.length);
  }
  input.addEventListener("input", show);
  var form = document.getElementById("searchform");
  if (form) form.addEventListener("submit", function (e) {
    e.preventDefault();
    var first = list.querySelector("a");
    if (first) window.location.href = first.href;
  });
  show();
})();
