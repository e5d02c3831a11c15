"""The Python↔browser contract (webmap/contract.py) holds on both sides: the plan and the
page send exactly the documented keys, and the script reads exactly those (and its own)."""

from __future__ import annotations

import json
import re

import pytest

from sistermap.webmap import contract, elements, plan, webassets

SENT = set(contract.DATA) | set(contract.OPTIONAL)


def _maps(mini_dataset):
    """(name, options) of the maps the app draws: small, level of detail, timeline, city."""
    return [("small", plan.MapOptions()),
            ("lod", plan.MapOptions(lod_links=5)),
            ("timeline", plan.MapOptions(timeline=True, year=1960)),
            ("selected", plan.MapOptions(selected="gn:2652221", frame="links")),
            ("highlight", plan.MapOptions(highlight=("gn:2652221",), view=((40, -10), (60, 40))))]


def _finish_and_build(m) -> tuple[dict, list[dict]]:
    finish = [c for c in m._children.values() if isinstance(c, elements.Finish)]
    layers = [c for c in m._children.values() if isinstance(c, elements.SisterLayer)]
    assert len(finish) == 1 and layers
    return json.loads(finish[0].opt), [json.loads(layer.opt) for layer in layers]


@pytest.mark.parametrize("which", range(5))
def test_the_plan_and_the_page_send_exactly_the_documented_keys(mini_dataset, which):
    p, c = mini_dataset.partnerships, mini_dataset.cities
    name, options = _maps(mini_dataset)[which]
    spec = plan.plan(p, c, options)
    table = json.loads(spec.data_json)
    assert set(contract.DATA) <= set(table) <= SENT, name
    if name == "lod":
        assert "rs" in table and set(table["lod"]) == set(contract.LOD)
    else:
        assert table["lod"] is None and "rs" not in table
    finish, builds = _finish_and_build(elements.assemble(spec))
    assert set(finish) == set(contract.FINISH), name
    assert set(finish["legend"]) == set(contract.LEGEND)
    assert set(finish["frame"]) == set(contract.FRAME)
    assert set(finish["a11y"]) == set(contract.A11Y)
    if name == "timeline":
        assert set(finish["timeline"]) == set(contract.TIMELINE) and finish["year"] == 1960
    else:
        assert finish["timeline"] is None
    assert all(set(b) == set(contract.BUILD) for b in builds)
    if name == "selected":
        assert finish["frame"]["mode"] == "selection" and finish["frame"]["bounds"] is None


def test_pair_ids_are_sent_only_when_they_cannot_be_derived(mini_dataset):
    p = mini_dataset.partnerships.copy()
    table = json.loads(plan.plan(p, mini_dataset.cities).data_json)
    assert "pid" not in table
    p = p.assign(pair_id="x" + p["pair_id"])
    table = json.loads(plan.plan(p, mini_dataset.cities).data_json)
    assert table["pid"] == p["pair_id"].tolist()


def _js(name: str) -> str:
    text = (webassets.JS_DIR / name).read_text(encoding="utf-8")
    return re.sub(r"/\*.*?\*/|//[^\n]*", "", text, flags=re.S)  # code, not comments


def _reads(var: str, *files: str) -> set[str]:
    names = files or webassets.JS_FILES
    return {k for f in names for k in re.findall(rf"(?<![\w.$]){var}\.([A-Za-z_$][\w$]*)",
                                                 _js(f))}


def test_the_script_reads_exactly_the_documented_keys():
    table = _reads("d")
    own = set(contract.BROWSER)
    assert table - SENT - own == set(), "undocumented keys read on the table"
    assert SENT - table == set(), "documented keys the script never reads"
    assert own <= table
    assert _reads("lod") | {k for k in re.findall(r"\bd\.lod\.(\w+)", "".join(
        _js(f) for f in webassets.JS_FILES))} == set(contract.LOD)
    assert _reads("opt") == set(contract.BUILD) | set(contract.FINISH)
    assert _reads("spec", "legend.js") == set(contract.LEGEND) | set(contract.LEGEND_BROWSER)
    assert _reads("f", "framing.js") == set(contract.FRAME)
    assert _reads("tl", "yearcontrol.js") == set(contract.TIMELINE)
    assert _reads("tx", "a11y.js") == set(contract.A11Y)


def test_every_script_file_is_loaded_once_in_order():
    on_disk = {p.name for p in webassets.JS_DIR.glob("*.js")}
    assert set(webassets.JS_FILES) == on_disk and len(webassets.JS_FILES) == len(on_disk)
    assert webassets.JS_FILES[0] == "geometry.js" and webassets.JS_FILES[-1] == "main.js"
    js = webassets.map_js()
    positions = [js.index(f"/* ---- {name} ---- */") for name in webassets.JS_FILES]
    assert positions == sorted(positions)
    assert "__EARTH__" not in js and "sistermap-legend{" in js  # constants and CSS filled in
