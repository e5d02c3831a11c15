"""Read the headings, captions and text ``sistermap.app.show`` draws (escaped HTML in
``st.html``) back as the text a browser shows (entities decoded), for AppTest tests.

Parsing fails when such an element holds any tag but its own (``<strong>`` for a fact or a
name made bold): a tag from data would be one.
"""

from __future__ import annotations

from html.parser import HTMLParser

#: What each kind of element is made of (safe_text.heading_html, paragraph_html, list_html).
OWN_TAGS = {"h1", "h2", "h3", "p", "ul", "ol", "li", "strong"}
#: The class of each kind: sm-h1…sm-h3 (show.heading), sm-caption, sm-text, sm-list.
KINDS = ("sm-h1", "sm-h2", "sm-h3", "sm-caption", "sm-text", "sm-list")


class _Texts(HTMLParser):
    """Collect (kind, text) for each element of ``show`` in a body; a list gives one entry
    per item."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str]] = []
        self.kind: str | None = None  # inside an element of show
        self.depth = 0
        self.parts: list[str] = []
        self.in_style = False
        self.tags: set[str] = set()

    def handle_starttag(self, tag, attrs):
        if tag == "style":
            self.in_style = True
            return
        cls = dict(attrs).get("class") or ""
        if self.kind is None and cls in KINDS:
            self.kind, self.depth, self.parts = cls, 0, []
        elif self.kind is not None:
            self.tags.add(tag)
            assert tag in OWN_TAGS, f"a <{tag}> inside {self.kind}: {self.rawdata[:300]!r}"
            assert not attrs, f"attributes {attrs} inside {self.kind}"
            if tag == "li":
                self.parts = []
        if self.kind is not None:
            self.depth += 1

    def handle_endtag(self, tag):
        if tag == "style":
            self.in_style = False
            return
        if self.kind is None:
            return
        self.depth -= 1
        if tag == "li":
            self.found.append((self.kind, "".join(self.parts)))
        if self.depth == 0:
            if self.kind != "sm-list":
                self.found.append((self.kind, "".join(self.parts)))
            self.kind = None

    def handle_data(self, data):
        if self.kind is not None and not self.in_style:
            self.parts.append(data)


def parse(body: str) -> list[tuple[str, str]]:
    """(kind, text) of every element of ``show`` in an HTML body, in order."""
    p = _Texts()
    p.feed(body)
    p.close()
    return p.found


def _all(at, kinds: tuple[str, ...]) -> list[str]:
    return [text for element in at.get("html") for kind, text in parse(element.proto.body)
            if kind in kinds]


def headings(at, level: int | None = None) -> list[str]:
    """The text of every ``show.heading`` (of ``level``, else any), in page order; ``at`` is
    an AppTest run or a block of it (``at.sidebar``)."""
    return _all(at, (f"sm-h{level}",) if level else ("sm-h1", "sm-h2", "sm-h3"))


def captions(at) -> list[str]:
    """The text of every ``show.caption``."""
    return _all(at, ("sm-caption",))


def texts(at) -> list[str]:
    """The text of every ``show.text`` and ``show.paragraphs`` paragraph and every
    ``show.items`` line."""
    return _all(at, ("sm-text", "sm-list"))
