"""The rule that keeps untrusted text inert: every value a page puts into a Markdown element
goes through ``safe_text`` (#23).

Streamlit renders titles, captions, notices and ``st.markdown`` as GitHub-flavoured Markdown.
This test reads the code of ``pages/`` and ``sistermap/app/`` and fails when a value reaches
such an element without ``safe_text.md`` (or ``safe_text.plain`` for plain surfaces) — unless
it is a number or one of the few values the app makes itself, listed below with the reason.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.conftest import ROOT

#: Streamlit calls whose first argument is rendered as Markdown.
MARKDOWN = {"markdown", "caption", "title", "header", "subheader", "info", "warning", "error",
            "success", "toast", "write"}
#: Calls that make a value safe or that yield a number.
SAFE_CALLS = {"md", "len", "int", "round", "float", "str.upper", "number"}
#: The catalog's own words (sistermap.i18n): trusted text, whose placeholders are checked.
TRANSLATED = {"_", "n_"}
#: Values the app makes itself (not from an address, a file or an upload), by expression.
TRUSTED = {
    "index + 1": "a step number",
    "len(tour.problems) - 50": "a count",
    "step.year": "an int from the tour's validation",
    "where": "the app's own words ('The built-in tour' / 'Your tour')",
    "line": "a fact line rendered by tour.facts.show (safe_text.md inside)",
    "shown.title": "tour.facts.show renders every text of a step through safe_text.md",
    "shown.text": "tour.facts.show renders every text of a step through safe_text.md",
    "MAX_MB": "a constant", "pipeline.MAX_UPLOAD_ROWS": "a constant",
    "empty": "the app's own sentence",
    "'y' if len(mine) == 1 else 'ies'": "a plural ending",
    "'s' if len(mine) != 1 else ''": "a plural ending",
    "city['country_name']": "a name from pycountry, for a validated ISO code",
    "city['continent']": "a continent from the app's own table",
    "on_map": "a count", "n_cities": "a count",
    "years[0]": "an int year", "years[-1]": "an int year",
    "animation.SIZE[0]": "a constant", "animation.SIZE[1]": "a constant",
    "type(exc).__name__": "an exception class's name",
    "fmt.upper()": "a format from the app's own list",
    "index": "a step number",
    "schema.KINDS.values()": "the kinds vocabulary",
    "de": "a category name of schema.REGISTER_CATEGORIES",
    "schema.KINDS[k]": "the kinds vocabulary",
    "_(schema.KINDS[k])": "the kinds vocabulary, translated",
    "provenance.city_sentence(everything)": "counts and the sources' own marks",
    "provenance.counting_caption(chosen)": "counts and the sources' own marks",
    "summary.geocoding_stopped": "the importer's own words ('stopped after 30 s')",
    "result.report['geocoding_stopped']": "the importer's own words",
    "no_year_note": "the app's own sentence",
    "failure_message(exc)": "escapes the dataset's problem with safe_text.md itself",
    "mine.hidden": "a count", "mine.count": "a count", "of_source": "a count",
    "answer.count_line()": "counts only (query.partners.Partners.count_line)",
    "_source_noun(current.sources)": "the source registry's own words",
}
FILES = sorted([*(ROOT / "pages").glob("*.py"), *(ROOT / "sistermap" / "app").glob("*.py")])


def _name(call: ast.Call) -> str:
    f = call.func
    return f.attr if isinstance(f, ast.Attribute) else getattr(f, "id", "")


def unescaped(path: Path) -> list[str]:
    """Values that reach a Markdown element without passing through a safe call."""
    found = []

    def visit(node: ast.AST, where: int) -> None:
        if isinstance(node, ast.Call) and _name(node) in SAFE_CALLS:
            return  # whatever is inside is escaped, or a number
        if isinstance(node, ast.Call) and _name(node) in TRANSLATED:
            return  # _("…"): the catalog's text (its arguments are literals, test_i18n)
        if isinstance(node, ast.Call) and _name(node) == "format" and isinstance(
                node.func, ast.Attribute) and isinstance(node.func.value, ast.Call | ast.IfExp):
            # _("… {name} …").format(name=value): the catalog's text, each value checked
            visit(node.func.value, where)
            for value in [*node.args, *(k.value for k in node.keywords)]:
                check(value, where)
            return
        if isinstance(node, ast.FormattedValue):
            check(node.value, where)
            return
        if isinstance(node, ast.IfExp):  # the condition is not shown, both outcomes are
            visit(node.body, where)
            visit(node.orelse, where)
            return
        if isinstance(node, ast.JoinedStr | ast.BinOp | ast.BoolOp):
            for child in ast.iter_child_nodes(node):
                if not isinstance(child, ast.operator | ast.boolop):
                    visit(child, where)
            return
        if isinstance(node, ast.Call) and _name(node) in ("_", "n_"):
            for arg in node.args:  # the interface's text (i18n): constants, or values shown
                visit(arg, where)
            return
        if isinstance(node, ast.Call) and _name(node) == "format" \
                and isinstance(node.func, ast.Attribute):
            # _("{n} partners").format(n=…): the template and every value are shown
            for arg in [node.func.value, *node.args, *(k.value for k in node.keywords)]:
                visit(arg, where)
            return
        if isinstance(node, ast.Call) and _name(node) == "join" and node.args:
            items = node.args[0]  # "sep".join(f"- {md(x)}" for x in …): each item is shown
            visit(items.elt if isinstance(items, ast.GeneratorExp | ast.ListComp) else items,
                  where)
            return
        check(node, where)

    def check(node: ast.AST, where: int) -> None:
        if isinstance(node, ast.Constant) or (isinstance(node, ast.Call)
                                              and _name(node) in SAFE_CALLS):
            return
        if isinstance(node, ast.JoinedStr | ast.BinOp | ast.BoolOp | ast.IfExp | ast.Call):
            if not (isinstance(node, ast.Call) and _name(node) not in ("join",)):
                visit(node, where)
                return
        text = ast.unparse(node)
        if text not in TRUSTED:
            found.append(f"{path.relative_to(ROOT)}:{where} {text}")

    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                and node.func.attr in MARKDOWN and node.args:
            if node.func.attr == "write" and ast.unparse(node.func.value) not in ("st",
                                                                                  "st.sidebar"):
                continue  # a file's write(), not Streamlit's
            visit(node.args[0], node.lineno)
    return found


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_value_in_a_markdown_element_is_escaped(path):
    assert unescaped(path) == []


def test_the_rule_catches_a_raw_value(tmp_path):
    page = tmp_path / "page.py"
    page.write_text("import streamlit as st\nname = 'x'\nst.caption(f'Hello {name}')\n"
                    "st.title(name)\nst.info('ok ' + safe_text.md(name))\n", encoding="utf-8")
    assert [f.split(" ", 1)[1] for f in unescaped_at(page)] == ["name", "name"]


def test_the_rule_reads_translated_text_and_its_placeholders(tmp_path):
    page = tmp_path / "page.py"
    page.write_text("import streamlit as st\nst.caption(_('{a} and {b}').format(a=name, "
                    "b=safe_text.md(name)))\nst.info(_('plain words'))\n", encoding="utf-8")
    assert [f.split(" ", 1)[1] for f in unescaped_at(page)] == ["name"]


def unescaped_at(path: Path) -> list[str]:
    """``unescaped`` for a file outside the project (the test of the rule itself)."""
    global ROOT
    saved, ROOT = ROOT, path.parent
    try:
        return unescaped(path)
    finally:
        ROOT = saved
