/* SisterMap in the browser — keys: a classroom remote sends PageDown, PageUp and Space, a
   presenter presses the arrows and Esc; once the map (in its iframe) has the focus the page
   around it never saw them. Each of them is passed on to the page that holds the map
   (sistermap/app/remote.py acts on it: the tour's Next and Previous, leaving presenter
   mode). Keys meant for a control of the map (the year control's buttons, its slider) stay
   there. */
var SM = SM || {};
(function (SM) {
  "use strict";
  var KEYS = {PageDown: 1, PageUp: 1, " ": 1, ArrowLeft: 1, ArrowRight: 1, Escape: 1};
  function forwardKeys(map) {
    if (typeof window === "undefined" || window.parent === window || window.__smKeys) return;
    window.__smKeys = true;
    document.addEventListener("keydown", function (e) {
      if (!KEYS[e.key] || e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return;
      var t = e.target, tag = t && t.tagName;
      if (tag === "INPUT" || tag === "SELECT" || tag === "TEXTAREA" || tag === "BUTTON" ||
          (t && t.isContentEditable)) return;
      if (e.key === " " || e.key === "PageDown" || e.key === "PageUp") e.preventDefault();
      try { window.parent.postMessage({sistermap: "key", key: e.key}, "*"); } catch (err) { }
    }, true);
  }
  SM.forwardKeys = forwardKeys;
})(SM);
