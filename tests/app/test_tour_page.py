"""The guided-tour page and presenter mode, headless (streamlit AppTest) on the shipped data."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from sistermap import safe_text
from sistermap.app import present
from sistermap.tour import facts, loader, model
from tests.app import htmltext
from tests.app.test_app import run as app_run
from tests.app.test_app import shown, through_app_navigation  # noqa: F401  (autouse fixture)
from tests.conftest import SHIPPED


@pytest.fixture(autouse=True)
def shipped_data(monkeypatch):
    """The shipped tour names cities the mini fixture lacks."""
    monkeypatch.setenv("SISTERMAP_DATA", str(SHIPPED))


@pytest.fixture(scope="module")
def tour():
    from sistermap.store import dataset

    data = dataset.load(SHIPPED)
    return loader.load(model.DEFAULT_TOUR, data.partnerships, data.cities), data


def run(page: str = "pages/tour.py", **params) -> AppTest:
    return app_run(page, **params)


def title(at: AppTest) -> str:
    """The step's title (show.heading), as the visitor reads it."""
    return htmltext.headings(at, 1)[0]


def bodies(at: AppTest) -> str:
    return " ".join(h.proto.body for h in at.get("html"))


def has_css(at: AppTest) -> bool:
    return any('id="sm-presenter"' in h.proto.body for h in at.get("html"))


def test_every_step_renders_and_next_walks_through_them(tour):
    t, data = tour
    expected = [facts.page(s, data.partnerships, data.cities).title for s in t.steps]
    at = run()
    assert at.button(key="sm_tour_prev").disabled
    for i, want in enumerate(expected):
        assert title(at) == safe_text.plain(want, 300)
        assert at.query_params.get("step", "1") == str(i + 1)
        assert not at.exception and not at.error
        assert at.get("iframe") or at.main  # the map is drawn below
        if i < len(expected) - 1:
            at.button(key="sm_tour_next").click().run()
    assert at.button(key="sm_tour_next").disabled


def test_each_step_has_its_own_address(tour):
    t, data = tour
    at = run(step="4")
    assert title(at) == facts.page(t.steps[3], data.partnerships, data.cities).title
    assert "Partnerships that existed by 1956" in " ".join(htmltext.texts(at))
    assert "<strong>1956</strong>" in bodies(at)  # facts are bold
    at.button(key="sm_tour_prev").click().run()
    assert at.query_params["step"] == "3"
    assert title(at) == t.steps[2].title


def test_a_step_that_does_not_exist_opens_the_first_with_a_notice(tour):
    at = run(step="99")
    assert title(at) == tour[0].steps[0].title
    assert any("Ignored step=" in shown(w.value) for w in at.warning)


def test_keyboard_shortcuts_are_the_arrow_keys_and_esc():
    at = run(present="1")
    assert at.button(key="sm_tour_next").proto.shortcut.lower() == "right"
    assert at.button(key="sm_tour_prev").proto.shortcut.lower() == "left"
    assert at.button(key=present.EXIT_KEY).proto.shortcut.lower() in ("esc", "escape")


def test_presenter_mode_from_the_address_hides_the_chrome_and_sets_large_text():
    at = run(step="2", present="1")
    assert has_css(at)
    css = present.CSS
    assert '[data-testid="stSidebar"]' in css and '[data-testid="stHeader"]' in css
    assert f"font-size: {present.TITLE_PX}px" in css and present.TITLE_PX >= 40
    assert f"font-size: {present.BODY_PX}px" in css and present.BODY_PX >= 24
    assert "http" not in css and "@import" not in css and "url(" not in css  # nothing loaded
    assert not at.sidebar.toggle  # no toggle: the sidebar is hidden
    at.button(key=present.EXIT_KEY).click().run()
    assert "present" not in at.query_params and not has_css(at)
    assert at.query_params["step"] == "2"


def test_presenter_mode_from_the_toggle_on_the_tour_and_map_pages():
    for page in ("pages/tour.py", "pages/map.py"):
        at = run(page)
        assert not has_css(at)
        at.sidebar.toggle(key=present.TOGGLE_KEY).set_value(True).run()
        assert not at.exception, [e.value for e in at.exception]
        assert at.query_params.get("present") == "1" and has_css(at), page


def test_the_map_page_keeps_presenter_mode_in_its_address():
    at = run("pages/map.py", present="1", eras="postwar")
    assert has_css(at) and at.query_params["present"] == "1"
    assert at.query_params["eras"] == "postwar"


def test_other_pages_ignore_presenter_mode():
    at = run("pages/about.py", present="1")
    assert not has_css(at)


def upload(at: AppTest, content: str, name: str = "lesson.toml") -> AppTest:
    at.sidebar.file_uploader[0].upload(name, content.encode("utf-8"), "application/toml")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_an_uploaded_tour_with_mistakes_lists_them_by_step_and_field():
    at = upload(run(), 'title = "Mine"\n[[steps]]\ntitle = "A"\nhighlight = ["Coventyr"]\n'
                       'year = "soon"\ntext = "{linkz}"\n')
    assert "3 problems" in shown(at.error[0].value)
    listed = " ".join(htmltext.texts(at))
    assert "step 1 [highlight]: unknown city 'Coventyr'" in listed
    assert "step 1 [year]:" in listed and "step 1 [text]: unknown fact {linkz}" in listed
    at.button(key="sm_tour_back").click().run()
    assert not at.error and title(at)


def test_an_uploaded_tour_is_shown_and_its_text_stays_text():
    hostile = ('title = "Our town"\n[[steps]]\ntitle = "<b>Kiel</b> [x](https://evil.example)"\n'
               'year = 1947\nhighlight = ["Kiel"]\n'
               'text = "<script>alert(1)</script> **not bold** {pair_year:Coventry|Kiel}"\n'
               'facts = ["![img](https://evil.example/x.png) {links}"]\n')
    at = upload(run(), hostile)
    assert not at.error
    assert title(at) == "<b>Kiel</b> [x](https://evil.example)"  # as written, as text
    text = htmltext.texts(at)  # parsed: no tag but the elements' own (<p>, <li>, <strong>)
    assert "<script>alert(1)</script> **not bold** 1947" in text, text
    assert "&lt;script&gt;alert(1)&lt;/script&gt; **not bold** <strong>1947</strong>" \
        in bodies(at)
    assert any(t.startswith("![img](https://evil.example/x.png) ") for t in text)


def test_hostile_addresses_stay_inert():
    from tests.app.test_hostile_pages import assert_inert

    for value in ("<script>alert(1)</script>", "[x](javascript:alert(1))", "$x$ :red[y]",
                  "4' OR 1=1", "9" * 5000):
        at = run(step=value, present=value)
        assert_inert(at)
        assert title(at)


def test_the_builtin_tour_on_another_dataset_says_it_does_not_fit(monkeypatch):
    from tests.conftest import MINI

    monkeypatch.setenv("SISTERMAP_DATA", str(MINI))
    at = run()
    assert "does not fit the data you are looking at" in shown(at.error[0].value)
    assert "unknown city 'Wiesbaden'" in " ".join(htmltext.texts(at))


def test_an_uploaded_valid_tour_steps_like_the_built_in_one():
    raw = model.DEFAULT_TOUR.read_text(encoding="utf-8").replace('title = "', 'title = "Mine: ',
                                                                 1)
    at = upload(run(), raw, "mine.toml")
    titles = [title(at)]
    for _ in range(2):
        at.button(key="sm_tour_next").click().run()
        assert not at.exception, [e.value for e in at.exception]
        titles.append(title(at))
    assert len(set(titles)) == 3  # each Next showed the next step
    at.button(key="sm_tour_prev").click().run()
    assert title(at) == titles[1]


def test_a_tour_nested_too_deep_is_one_problem_not_a_crash():
    at = upload(run(), "title = \"Deep\"\nx = " + "[" * 500 + "]" * 500 + "\n", "deep.toml")
    assert "nested 500 levels deep" in " ".join(htmltext.texts(at))
