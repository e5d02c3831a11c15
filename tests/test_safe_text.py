"""Folding names for search, and keeping spreadsheets from running cells."""

from __future__ import annotations

import pytest

from sistermap.names import fold
from sistermap.safe_text import formula_safe


@pytest.mark.parametrize(("a", "b"), [("Kraków", "krakow"), ("Łódź", "Lodz"),
                                      ("Ürümqi", "urumqi"), ("Saint-Étienne", "saint etienne")])
def test_fold_makes_spellings_meet(a, b):
    assert fold(a) == fold(b)


@pytest.mark.parametrize("cell", ["=HYPERLINK(\"http://x\")", "+cmd|' /C calc'!A0", "@SUM(A1)",
                                  "-2+3+cmd", "\t=1"])
def test_formulas_are_neutralised(cell):
    assert formula_safe(cell) == "'" + cell


@pytest.mark.parametrize("cell", ["-77.10428", "+1.5", "-1e3", "Coventry", "", 5, None])
def test_numbers_and_plain_text_pass_unchanged(cell):
    assert formula_safe(cell) == cell


def rendered(markdown: str):
    """What a CommonMark renderer (Streamlit's is one) makes of the text: tokens, and text."""
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark").parse(markdown)
    inline = [c for t in tokens if t.type == "inline" for c in t.children]
    return ({t.type for t in tokens} | {c.type for c in inline},
            "".join(c.content for c in inline if c.type == "text"))


@pytest.mark.parametrize("hostile", [
    "[Your session expired - log in](https://evil.example)", "![x](http://evil.example/q.png)",
    "<img src=x onerror=alert(1)>", "`rm -rf`", ":red[alarm] :material/warning:", "$x^2$",
    "# Heading", "1. list", "- item", "> quote", "**bold** _it_", "https://evil.example",
    "www.evil.example", "<https://evil.example>", "a\\]b", "=HYPERLINK(\"http://e\")",
])
def test_md_shows_hostile_text_as_written(hostile):
    from sistermap.safe_text import md

    kinds, text = rendered(md(hostile))
    assert not kinds & {"link_open", "image", "html_inline", "html_block", "code_inline",
                        "em_open", "strong_open", "heading_open", "bullet_list_open",
                        "ordered_list_open", "blockquote_open"}
    assert text == hostile
    # Streamlit's own syntax (:red[...] directives, emoji shortcodes, $math$) has no
    # unescaped trigger left.
    import re

    assert not re.search(r"(?<!\\)[:$`\[]", md(hostile))


def test_plain_is_one_bounded_line_without_direction_overrides():
    from sistermap.safe_text import plain

    assert plain("a\nb\u2028c\r\nd") == "a b c d"
    assert plain("evil\u202egnp.exe\x00") == "evilgnp.exe"
    assert len(plain("x" * 100_000)) == 200 and plain("x" * 100_000).endswith("…")
    assert plain(None) == "" and plain("Kraków") == "Kraków"
