"""The rule that keeps untrusted text inert (#23, items 1 and 4): data is shown through
``sistermap.app.show`` (elements that do not interpret it), and only where a Markdown surface
is unavoidable through ``safe_text.md``.

Streamlit renders titles, headers, captions, ``st.markdown``, notices and ``st.table`` cells as
GitHub-flavoured Markdown. This test reads the code of ``pages/`` and ``sistermap/app/`` and
fails when

- a page calls ``st.table`` (``show.table`` draws a table of text instead);
- a value reaches a title, header, subheader, caption or ``st.markdown`` at all, escaped or
  not (``show.heading``, ``show.caption``, ``show.text`` draw data there);
- a value reaches a notice (``st.info``/``warning``/``error``/``success``/``toast``),
  ``st.write`` or a label Streamlit renders as Markdown (an expander's, a page link's)
  without ``safe_text.md`` (``show``'s docstring says why notices and labels stay);

unless it is a number, the catalog's own words, or one of the few values the app makes
itself, listed below with the reason.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.conftest import ROOT

#: Streamlit calls whose first argument is rendered as Markdown.
MARKDOWN = {"markdown", "caption", "title", "header", "subheader", "info", "warning", "error",
            "success", "toast", "write"}
#: Elements whose label is Markdown (the expander's first argument, a page link's label=).
LABELLED = {"expander", "page_link"}
#: Elements that show text: data goes to ``show.*`` instead, even escaped.
TEXT = {"markdown", "caption", "title", "header", "subheader"}
#: Calls that make a value safe or that yield a number.
SAFE_CALLS = {"md", "len", "int", "round", "float", "str.upper", "number"}
#: Calls that make a value safe for a notice, but not for an element of ``TEXT``.
NOTICE_ONLY = {"md"}
#: Who may call ``.table(``: the non-interpreting table, and the exports' builder of a frame.
TABLES = {"show", "exports"}
#: The catalog's own words (sistermap.i18n): trusted text, whose placeholders are checked.
TRANSLATED = {"_", "n_"}
#: Values the app makes itself (not from an address, a file or an upload), by expression.
TRUSTED = {
    "index + 1": "a step number",
    "len(tour.problems) - 50": "a count",
    "step.year": "an int from the tour's validation",
    "where": "the app's own words ('The built-in tour' / 'Your tour')",
    "MAX_MB": "a constant", "pipeline.MAX_UPLOAD_ROWS": "a constant",
    "empty": "the app's own sentence",
    "sentence": "the network page's own explanations (catalog text)",
    "between.sampled": "a count", "played.undated": "a count",
    "plan.TABLE_ROWS": "a constant",
    "_(submit.ACTIONS.get(item.action, item.action))": "the actions vocabulary, translated",
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
    """Values that reach a Markdown element without passing through a safe call (for a
    heading, caption or ``st.markdown``: any value not the app's own), and ``st.table``."""
    found = []
    strict = False  # an element of TEXT: escaping is not enough, data goes to show.*

    def visit(node: ast.AST, where: int) -> None:
        if isinstance(node, ast.Call) and strict and _name(node) in NOTICE_ONLY:
            if node.args:  # safe_text.md(_("catalog words")) is fine, md(name) is not
                visit(node.args[0], where)
            return
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
        if isinstance(node, ast.Constant):
            return
        if isinstance(node, ast.Call) and strict and _name(node) in NOTICE_ONLY:
            visit(node, where)  # looks inside md(): only the app's own words pass
            return
        if isinstance(node, ast.Call) and _name(node) in SAFE_CALLS and not (
                strict and _name(node) in NOTICE_ONLY):
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
                and node.func.attr == "table" and ast.unparse(node.func.value) not in TABLES:
            found.append(f"{path.relative_to(ROOT)}:{node.lineno} "
                         f"{ast.unparse(node.func)}: a Markdown table (show.table instead)")
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                and node.func.attr in MARKDOWN and node.args:
            if node.func.attr == "write" and ast.unparse(node.func.value) not in ("st",
                                                                                  "st.sidebar"):
                continue  # a file's write(), not Streamlit's
            if ast.unparse(node.func.value) == "show":
                continue  # show.caption: the non-interpreting element itself
            strict = node.func.attr in TEXT
            visit(node.args[0], node.lineno)
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                and node.func.attr in LABELLED:
            strict = False  # a label: Streamlit offers no plain one, safe_text.md it is
            label = next((k.value for k in node.keywords if k.arg == "label"),
                         node.args[0] if node.args and node.func.attr == "expander" else None)
            if label is not None:
                visit(label, node.lineno)
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
    page.write_text("import streamlit as st\nst.warning(_('{a} and {b}').format(a=name, "
                    "b=safe_text.md(name)))\nst.info(_('plain words'))\n", encoding="utf-8")
    assert [f.split(" ", 1)[1] for f in unescaped_at(page)] == ["name"]


def test_escaping_is_not_enough_for_headings_captions_and_text(tmp_path):
    """Data in a title, caption or st.markdown goes through show.*, escaped or not; the
    catalog's own words may be escaped there, and show.* takes anything."""
    page = tmp_path / "page.py"
    page.write_text("import streamlit as st\nst.title(safe_text.md(name))\n"
                    "st.caption(_('In {c}').format(c=safe_text.md(country)))\n"
                    "st.markdown(md(_('catalog words')))\nst.subheader(_('Partners'))\n"
                    "show.heading(name)\nshow.caption(_('In {c}'), c=country)\n"
                    "st.warning(_('No {x}').format(x=safe_text.md(name)))\n", encoding="utf-8")
    assert [f.split(" ", 1)[1] for f in unescaped_at(page)] == ["name", "country"]


def test_the_rule_reads_labels_that_streamlit_renders_as_markdown(tmp_path):
    page = tmp_path / "page.py"
    page.write_text("import streamlit as st\nst.page_link('p.py', label=f'Open {name}')\n"
                    "st.expander(title)\nst.expander(_('#{n}: {a}').format(n=1, a=md(a)))\n"
                    "st.page_link('p.py', label=_('Open {x}').format(x=safe_text.md(x)))\n",
                    encoding="utf-8")
    assert [f.split(" ", 1)[1] for f in unescaped_at(page)] == ["name", "title"]


def test_the_rule_refuses_markdown_tables(tmp_path):
    page = tmp_path / "page.py"
    page.write_text("import streamlit as st\nst.table(frame)\nleft.table(frame)\n"
                    "show.table(frame)\nexports.table(links)\n", encoding="utf-8")
    assert [f.split(" ", 1)[1] for f in unescaped_at(page)] == [
        "st.table: a Markdown table (show.table instead)",
        "left.table: a Markdown table (show.table instead)"]


def unescaped_at(path: Path) -> list[str]:
    """``unescaped`` for a file outside the project (the test of the rule itself)."""
    global ROOT
    saved, ROOT = ROOT, path.parent
    try:
        return unescaped(path)
    finally:
        ROOT = saved
