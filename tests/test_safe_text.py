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
    assert text.replace("\u2060", "") == hostile  # the same text (word joiners are invisible)
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


# --- what the visitor's browser makes of it: GitHub-flavoured Markdown, autolinks included ---

SCHEMES = ["https://evil.example/login", "http://evil.example", "HTTPS://EVIL.EXAMPLE",
           "www.evil.example", "WWW.evil.example/x", "ftp://evil.example", "mailto:a@evil.example",
           "xmpp:a@evil.example", "phish@evil.example", "a.b+c@evil-x.example.org"]
#: Characters a stranger may put inside an address to slip it past a filter.
SPLITTERS = ["", "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u202e", "\u2066", "\u00ad"]
WRAPPERS = ["{}", "Your session expired - log in at {}", "({})", "<{}>", "[x]({})", "![x]({})",
            "**{}**", "{}.", "see:{}", "`{}`"]


def _payloads() -> list[str]:
    out = []
    for url in SCHEMES:
        for cut in SPLITTERS:
            split = url.replace("://", cut + "://", 1).replace("www.", "www" + cut + ".", 1) \
                .replace("@", cut + "@", 1)
            out += [w.format(split) for w in WRAPPERS]
    return out


def test_no_stranger_text_renders_as_a_link_in_streamlits_dialect():
    from sistermap.safe_text import md
    from tests import gfm

    payloads = _payloads()
    assert len(payloads) == len(SCHEMES) * len(SPLITTERS) * len(WRAPPERS)
    assert gfm.active_elements([md(p) for p in payloads]) == []


def test_the_renderer_sees_what_commonmark_misses():
    """The test's own renderer must link what the visitor's browser links (else it proves
    nothing): raw escapes leave bare addresses live."""
    from sistermap.safe_text import _MD_ACTIVE
    from tests import gfm

    escaped = [_MD_ACTIVE.sub(r"\\\1", p) for p in ("https://evil.example", "www.evil.example",
                                                   "a@evil.example")]
    assert len(gfm.active_elements(escaped)) == 3


TABLE_HOSTILE = ["[log in](https://evil.example)", "https://evil.example/login",
                 "www.evil.example", "<img src=x onerror=alert(1)>", "</td></tr></table><b>x",
                 "**bold** :red[x] $y$", "phish@evil.example", "a & b \"c\" 'd'", "Kraków"]


def test_a_table_of_hostile_cells_shows_each_as_written_and_nothing_else():
    from sistermap.safe_text import table_html
    from tests.app import htmltables

    body = table_html(["Partner", "<i>Country</i>"], [[h, i] for i, h in enumerate(TABLE_HOSTILE)],
                      label="Partners of <b>x</b>", max_height=300)
    (frame,), tags = htmltables.parse(body)
    assert tags == {"thead", "tbody", "tr", "th", "td"}  # no tag from a header or a cell
    assert list(frame.columns) == ["Partner", "<i>Country</i>"]
    assert list(frame["Partner"]) == TABLE_HOSTILE  # shown exactly as written
    assert list(frame["<i>Country</i>"]) == [str(i) for i in range(len(TABLE_HOSTILE))]
    assert 'aria-label="Partners of &lt;b&gt;x&lt;/b&gt;"' in body and 'tabindex="0"' in body


def test_a_table_cell_is_one_bounded_line_and_blanks_are_empty():
    from sistermap.safe_text import CELL_LIMIT, table_html
    from tests.app import htmltables

    (frame,), _tags = htmltables.parse(table_html(
        ["a", "b", "c"], [["x" * 100_000, None, float("nan")], ["line\nbreak\u202e", "", 7]]))
    assert len(frame.iloc[0, 0]) == CELL_LIMIT and frame.iloc[0, 0].endswith("…")
    assert list(frame.iloc[0, 1:]) == ["", ""]
    assert list(frame.iloc[1]) == ["line break", "", "7"]


def test_a_heading_caption_and_list_of_hostile_text_show_it_as_written_and_nothing_else():
    from sistermap.safe_text import heading_html, list_html, paragraph_html
    from tests.app import htmltext

    body = "".join([heading_html(TABLE_HOSTILE[0], 1), heading_html("x", 7),
                    *(paragraph_html([(h, False)], "caption") for h in TABLE_HOSTILE),
                    list_html([[(h, i % 2 == 0)] for i, h in enumerate(TABLE_HOSTILE)], True)])
    found = htmltext.parse(body)  # fails on any tag but the elements' own
    assert found[:2] == [("sm-h1", TABLE_HOSTILE[0]), ("sm-h3", "x")]  # levels 1 to 3 only
    assert [t for k, t in found if k == "sm-caption"] == TABLE_HOSTILE
    assert [t for k, t in found if k == "sm-list"] == TABLE_HOSTILE
    assert "<a" not in body and "<img" not in body and "id=" not in body  # no anchor
    assert body.count("<strong>") == 5  # the runs marked strong, and only those


def test_fill_keeps_the_catalog_sentence_and_shows_values_as_text():
    from sistermap.safe_text import fill

    assert fill("{name} · {n} partner cities ({share:.0%})", ("name",),
                name="**[x](https://evil.example)**", n=3, share=0.25) == [
        ("**[x](https://evil.example)**", True), (" · ", False), ("3", False),
        (" partner cities (", False), ("25%", False), (")", False)]
    assert "".join(t for t, _s in fill("{{literal}} {a}", (), a="{b}")) == "{literal} {b}"
