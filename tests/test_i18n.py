"""The interface's languages: catalogs complete and in step with the code, and the text,
numbers, dates and country names the reader gets in each language."""

from __future__ import annotations

import ast
import datetime as dt
import importlib.util
import re
import string
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from sistermap import i18n, palette, regions
from tests.conftest import ROOT

_spec = importlib.util.spec_from_file_location("catalogs", ROOT / "scripts" / "catalogs.py")
catalogs = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(catalogs)

TARGETS = [lang for lang in i18n.LANGUAGES if lang != i18n.DEFAULT]


@pytest.fixture(scope="module")
def template():
    return catalogs.template()


def _read(lang: str):
    with i18n.catalog_path(lang).open("rb") as fh:
        return read_po(fh, locale=lang, domain=i18n.DOMAIN)


@pytest.mark.parametrize("lang", TARGETS)
def test_catalog_has_every_string_of_the_code_and_no_stale_one(template, lang):
    wanted = {m.id for m in template if m.id}
    have = {m.id for m in _read(lang) if m.id}
    assert not wanted - have, f"missing from {lang} (run scripts/catalogs.py)"
    assert not have - wanted, f"stale in {lang} (run scripts/catalogs.py)"


def _fields(text: str) -> list[str]:
    return sorted(name for _lit, name, _spec, _conv in string.Formatter().parse(text)
                  if name is not None)


@pytest.mark.parametrize("lang", TARGETS)
def test_catalog_is_complete_and_keeps_placeholders(lang):
    for m in _read(lang):
        if not m.id:
            continue
        ids = m.id if isinstance(m.id, tuple) else (m.id,)
        strs = m.string if isinstance(m.string, tuple) else (m.string,)
        assert all(strs), f"{lang}: untranslated {ids[0]!r}"
        assert not m.fuzzy, f"{lang}: fuzzy {ids[0]!r}"
        for s in strs:
            assert _fields(s) == _fields(ids[-1]), f"{lang}: placeholders of {ids[0]!r}"


#: st.* calls whose first argument is never text a person reads.
NOT_TEXT = {"html", "page_link", "switch_page", "set_option", "cache_data", "cache_resource",
            "column_config", "image", "Page", "query_params", "session_state", "code",
            "download_button", "json", "altair_chart", "dataframe", "table", "fragment",
            "data_editor", "pydeck_chart", "link_button", "form"}


def _bare_literals(path: Path) -> list[str]:
    """``st.title("Text")``-like calls (st.…, sb.…, a column's …) with an untranslated
    string literal first argument."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        name, owner = node.func.attr, node.func.value
        if (isinstance(owner, ast.Attribute) and owner.attr == "sidebar"
                and isinstance(owner.value, ast.Name)):
            owner = owner.value  # st.sidebar.title(...)
        if not (isinstance(owner, ast.Name) and owner.id in {"st", "sb", "c1", "c2", "c3",
                                                               "left", "right", "col"}):
            continue
        if name in NOT_TEXT or not node.args:
            continue
        first = node.args[0]
        if isinstance(first, ast.JoinedStr) or (isinstance(first, ast.Constant)
                                                and isinstance(first.value, str)
                                                and re.search(r"[A-Za-z]{2}", first.value)
                                                and not first.value.startswith(":material")):
            found.append(f"{path.relative_to(ROOT)}:{node.lineno} st.{name}")
    return found


def test_pages_and_app_shell_draw_no_untranslated_text():
    files = [ROOT / "app.py", *sorted((ROOT / "pages").glob("*.py")),
             *sorted((ROOT / "sistermap" / "app").glob("*.py"))]
    bare = [hit for f in files for hit in _bare_literals(f)]
    assert not bare, bare


def test_language_from_a_value_or_a_browser_header():
    assert i18n.parse_language("de-AT") == "de"
    assert i18n.parse_language("JA_jp") == "ja"
    assert i18n.parse_language("<script>") is None
    assert i18n.negotiate("nl-NL,nl;q=0.9,fr;q=0.8,de;q=0.7") == "fr"
    assert i18n.negotiate("ko-KR") == "en"
    assert i18n.negotiate(None) == "en"


def test_text_in_the_current_language_and_restored():
    with i18n.using("de"):
        assert i18n._("World map") == "Weltkarte"
        assert i18n.n_("{n} partner", "{n} partners", 2).format(n=2) == "2 Partnerstädte"
    with i18n.using("ja"):
        assert i18n._("World map") == "世界地図"
        assert i18n.n_("{n} partner", "{n} partners", 5).format(n=5) == "提携都市5件"
    assert i18n._("World map") == "World map"
    assert i18n.n_("{n} partner", "{n} partners", 1) == "{n} partner"


def test_numbers_and_dates_for_the_locale():
    day = dt.date(2026, 12, 7)
    with i18n.using("de"):
        assert i18n.number(1234) == "1.234"
        assert i18n.date(day) == "07.12.2026"
    with i18n.using("fr"):
        assert i18n.number(1234) == "1\u202f234"
    with i18n.using("ja"):
        assert i18n.date(day) == "2026/12/07"
    assert i18n.number(1234) == "1,234"


def test_country_and_region_names_in_the_readers_language():
    assert regions.country_name("DE") == "Germany"
    with i18n.using("de"):
        assert regions.country_name("DE") == "Deutschland"
        assert regions.country_name("KR") == "Südkorea"  # pycountry's common name first
        city = {"admin1": "England", "country": "GB", "country_name": "United Kingdom",
                "continent": "Europe", "subregion": "Northern Europe"}
        assert regions.place_line(city) == ("England · Vereinigtes Königreich · Europa "
                                            "(Nordeuropa)")
    with i18n.using("ja"):
        assert regions.country_name("JP") == "日本"
        assert regions.country_name("XX") == "XX"


def test_legend_labels_follow_the_language():
    with i18n.using("fr"):
        assert palette.labels("reach")["intercontinental"] == "Entre continents"
        assert palette.labels("continent")["europe"] == "À l'intérieur : Europe"
        assert palette.title("era") == "Époque de création"
    assert palette.labels("era")["postwar"] == "Post-war reconciliation"


def test_the_app_serves_a_font_that_draws_japanese():
    """The browser may have no Japanese font (Debian's Chromium has none): the pages' and
    the map's CSS name IPAex Gothic for CJK characters, served from matplotlib-fontja."""
    from sistermap.app import serving
    from sistermap.webmap import webassets

    assert (serving.font_dir() / webassets.FONT_FILE).stat().st_size > 1_000_000
    css = (webassets.ASSET_DIR / "fonts.css").read_text(encoding="utf-8")
    assert webassets.font_face("SisterMap CJK", f"../{webassets.FONT_COMPONENT}/"
                                                f"{webassets.FONT_FILE}") in css
    assert ("fonts_css", f"../{webassets.COMPONENT}/fonts.css") in webassets.app_links("css")
    assert "U+4E00-9FFF" in webassets.CJK_RANGES  # the kanji
    assert '"SisterMap CJK"' in webassets.map_css()


def test_no_function_hides_the_translation_function_behind_a_throwaway_name():
    """``color_by, _ = …`` in a function that also calls ``_("…")`` makes ``_`` a string
    there: the call fails at run time, in one language path only (a sheet made in a worker
    process failed so). Throwaway names here are ``_x``, never ``_``."""
    import ast

    from tests.conftest import ROOT

    found = []
    for path in sorted((ROOT / "sistermap").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for fn in ast.walk(tree):
            if not isinstance(fn, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            names = [n for n in ast.walk(fn) if isinstance(n, ast.Name) and n.id == "_"]
            if any(isinstance(n.ctx, ast.Store) for n in names) and any(
                    isinstance(c, ast.Call) and isinstance(c.func, ast.Name) and c.func.id == "_"
                    for c in ast.walk(fn)):
                found.append(f"{path.relative_to(ROOT)}:{fn.lineno} {fn.name}")
    assert found == []
