"""A classroom remote drives the tour and presenter mode wherever the focus is (Streamlit glue).

Presentation clickers send PageDown and PageUp (some Space); a presenter presses the arrows
and Esc. Streamlit's own button shortcuts see the arrows and Esc only while the page has the
focus; once the map (in its iframe) has it, the map's script passes those keys on to the page
(``webmap/js/keys.js``, a ``postMessage``) and the script here presses the button they mean:
PageDown, Space and → the tour's *Next*, PageUp and ← its *Previous*, Esc *Leave presenter
mode*. On the page itself it adds PageDown, PageUp and Space (the arrows and Esc are the
buttons' own shortcuts). A button that is not on the page is not pressed; keys typed into a
field or on a focused button stay theirs. The script is this module's constant text.
"""

from __future__ import annotations

import streamlit as st

#: The buttons the keys press, by their Streamlit keys (pages/tour.py, present.py).
NEXT_KEY, PREV_KEY, EXIT_KEY = "sm_tour_next", "sm_tour_prev", "sm_present_exit"

SCRIPT = """<script>
(function () {
  if (window.__smRemote) return;
  window.__smRemote = true;
  var BUTTONS = {next: ".st-key-__NEXT__ button", prev: ".st-key-__PREV__ button",
                 exit: ".st-key-__EXIT__ button"};
  var ACTION = {PageDown: "next", " ": "next", ArrowRight: "next", PageUp: "prev",
                ArrowLeft: "prev", Escape: "exit"};
  function press(key) {
    var b = ACTION[key] && document.querySelector(BUTTONS[ACTION[key]]);
    if (!b || b.disabled) return false;
    b.click();
    return true;
  }
  function fromFrame(source) {
    var frames = document.querySelectorAll("iframe");
    for (var i = 0; i < frames.length; i++) if (frames[i].contentWindow === source) return true;
    return false;
  }
  window.addEventListener("message", function (e) {
    var m = e.data;
    if (m && m.sistermap === "key" && typeof m.key === "string" && fromFrame(e.source))
      press(m.key);
  });
  document.addEventListener("keydown", function (e) {
    if (e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return;
    if (e.key !== "PageDown" && e.key !== "PageUp" && e.key !== " ") return;
    var t = e.target, tag = t && t.tagName;
    if (tag === "INPUT" || tag === "SELECT" || tag === "TEXTAREA" || tag === "BUTTON" ||
        (t && t.isContentEditable)) return;
    if (press(e.key)) e.preventDefault();
  }, true);
})();
</script>""".replace("__NEXT__", NEXT_KEY).replace("__PREV__", PREV_KEY).replace(
    "__EXIT__", EXIT_KEY)


def install() -> None:
    """Add the key handling to the page (once per browser page: reruns find it there)."""
    st.html(SCRIPT, unsafe_allow_javascript=True, width="content")
