"""The guided tour: the file format, its validation, and facts computed from the data."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest

from sistermap import cli, safe_text, schema, timeline
from sistermap.query.filters import Filters
from sistermap.tour import facts, loader, model, view
from tests.conftest import MINI


@pytest.fixture(scope="module")
def shipped():
    from sistermap.store import dataset

    return dataset.load("data")


def tour_of(text: str, data) -> model.Tour:
    return loader.load(text, data.partnerships, data.cities)


def one_step(data, **fields) -> model.Step:
    lines = ['title = "T"', "[[steps]]"]
    fields = {"title": "Step", **fields}
    for key, value in fields.items():
        lines.append(f"{key} = {value!r}" if not isinstance(value, str) else
                     f"{key} = {_toml_str(value)}")
    tour = tour_of("\n".join(lines), data)
    assert tour.ok, [str(p) for p in tour.problems]
    return tour.steps[0]


def _toml_str(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def problems(text: str, data) -> list[str]:
    return [str(p) for p in tour_of(text, data).problems]


# -- the shipped tour --------------------------------------------------------------------------


def test_the_shipped_tour_is_valid_and_every_step_renders(shipped):
    tour = loader.load(model.DEFAULT_TOUR, shipped.partnerships, shipped.cities)
    assert tour.ok, [str(p) for p in tour.problems]
    assert 8 <= len(tour.steps) <= 12
    for step in tour.steps:
        shown = facts.show(step, shipped.partnerships, shipped.cities)
        assert shown.title and shown.text and shown.facts
        for part in (shown.title, shown.text, *shown.facts):
            assert "{" not in part and "}" not in part, part  # every placeholder filled


def test_the_shipped_tour_follows_the_history_in_order(shipped):
    tour = loader.load(model.DEFAULT_TOUR, shipped.partnerships, shipped.cities)
    years = [s.year for s in tour.steps if s.year is not None]
    assert years == sorted(years) and years[0] < 1945
    titles = " ".join(s.title for s in tour.steps)
    for theme in ("Coventry", "Sister Cities International", "France and Germany", "Japan",
                  "San Francisco", "governance", "Climate", "lapsed"):
        assert theme in titles, theme


def test_no_number_is_typed_into_the_shipped_tour():
    """Counts come from facts; the only numbers in the prose are years of history."""
    import tomllib

    doc = tomllib.loads(model.DEFAULT_TOUR.read_text("utf-8"))
    texts = [doc["intro"]] + [t for s in doc["steps"]
                              for t in (s["title"], s["text"], *s.get("facts", []))]
    for t in texts:
        prose = re.sub(r"\{[^{}]*\}", "", t)  # facts and their arguments (:2008, :3)
        for number in re.findall(r"\d+", prose):
            assert len(number) == 4 and 1900 <= int(number) <= 2026, (number, t)


def test_the_climate_step_counts_the_climate_partnerships_from_the_data(shipped):
    tour = loader.load(model.DEFAULT_TOUR, shipped.partnerships, shipped.cities)
    step = next(s for s in tour.steps if "Climate" in s.title)
    shown = facts.show(step, shipped.partnerships, shipped.cities)
    reviewed = shipped.partnerships[shipped.partnerships["sources"].map(
        lambda s: "reviewed" in s)]
    climate = int(reviewed["focus"].map(lambda f: "climate" in f).sum())
    assert f"{climate} of {len(reviewed):,} partnerships" in shown.text
    climate_links = reviewed[reviewed["focus"].map(lambda f: "climate" in f)]
    project = int(climate_links["kinds"].map(lambda k: "project_partnership" in k).sum())
    assert f"{project} are project or programme partnerships" in shown.text


def test_the_coventry_step_reads_its_year_and_status_from_the_data(shipped):
    tour = loader.load(model.DEFAULT_TOUR, shipped.partnerships, shipped.cities)
    step = next(s for s in tour.steps if "Coventry" in s.title)
    shown = facts.show(step, shipped.partnerships, shipped.cities)
    p = shipped.partnerships
    pair = p[(p["city_a"] == "Volgograd") & (p["city_b"] == "Coventry")].iloc[0]
    assert f"dated {int(pair['established'])}" in shown.text
    assert f"recorded as {schema.STATUSES[pair['status']].lower()}" in shown.text


# -- facts -------------------------------------------------------------------------------------


def test_links_at_a_year_follow_the_playback_rule(mini_dataset):
    p = mini_dataset.partnerships
    for year in (1944, 1956, 2018, 2019, 2026):
        step = one_step(mini_dataset, year=year, text="{links} by {year}")
        shown = facts.show(step, p, mini_dataset.cities)
        expected = int(timeline.shown_in(p, year).sum())
        assert shown.text == f"{expected} by {year}"


def test_an_ended_link_counts_until_its_end_year(mini_dataset):
    """Prague–Beijing 2016–2019 (ended): on the map in 2018, gone in 2019."""
    p = mini_dataset.partnerships
    text = "{city_links:Prague} {lapsed}"
    at_2018 = facts.show(one_step(mini_dataset, year=2018, text=text), p,
                         mini_dataset.cities)
    at_2019 = facts.show(one_step(mini_dataset, year=2019, text=text), p,
                         mini_dataset.cities)
    assert at_2018.text == "1 0" and at_2019.text == "0 1"


def test_facts_about_cities_pairs_countries_and_eras(mini_dataset):
    p, c = mini_dataset.partnerships, mini_dataset.cities
    step = one_step(mini_dataset, year=1959, text=(
        "{top_cities:2}|{partners:Coventry}|{pair_year:Stalingrad|Coventry}|"
        "{pair_status:Coventry|Kiel}|{pair_year:Coventry|Tokyo}|{between:GB|DE}|"
        "{country_links:JP}|{era:early}|{era_years:postwar}|{first_links:2}|"
        "{first_between:US|JP}|{formed_in_year}|{formed_since:1958}|{undated}"))
    got = facts.show(step, p, c).text.split("|")
    assert got == [
        "Coventry (3) and Kyoto (2)", "Volgograd (1944), Kiel (1947) and Dresden (1959)",
        "1944", "active", "not in these data", "2", "4", schema.ERA_LABELS["early"],
        "1945–1955", "Coventry–Volgograd (1944) and Coventry–Kiel (1947)",
        "Saint Paul–Nagasaki (1955)", "2", "3", "1"]


def test_kind_and_continent_facts(mini_dataset):
    p, c = mini_dataset.partnerships, mini_dataset.cities
    step = one_step(mini_dataset, year=1959, text=(
        "{kind_links:sister_city}|{kind_links:twin_town}|{kind_links:friendship_city}|"
        "{continents}"))
    assert facts.show(step, p, c).text.split("|") == [
        "4", "4", "0", "Europe (5), Asia (4) and North America (3)"]


def test_focus_share_and_filters_of_a_step(mini_dataset):
    p, c = mini_dataset.partnerships, mini_dataset.cities
    step = one_step(mini_dataset, focus=["economy"], text="{links} of {all_links} ({share})")
    assert facts.show(step, p, c).text == "3 of 12 (25%)"
    step = one_step(mini_dataset, text="{focus_share:peace} {focus_links:climate}")
    assert facts.show(step, p, c).text == "33% 1"


def test_a_fact_changes_when_the_data_does(mini_dataset):
    """Nothing is typed in: drop a link and the step says one fewer."""
    p, c = mini_dataset.partnerships, mini_dataset.cities
    step = one_step(mini_dataset, year=1960, text="{links}")
    before = facts.show(step, p, c).text
    fewer = p[p["city_b"] != "Kiel"]
    assert int(facts.show(step, fewer, c).text) == int(before) - 1


# -- validation --------------------------------------------------------------------------------


GOOD = 'title = "T"\n[[steps]]\ntitle = "S"\n'


def test_validation_names_the_step_and_the_field(mini_dataset):
    text = ('title = "T"\n'
            '[[steps]]\ntitle = "One"\n'
            '[[steps]]\ntitle = "Two"\nyear = 1850\n'
            '[[steps]]\ntitle = "Three"\nhighlight = ["Coventyr"]\n'
            '[[steps]]\ntitle = "Four"\ntext = "{linkz} and {partners:Atlantis}"\n'
            '[[steps]]\ntitle = "Five"\neras = ["postwar", "victorian"]\n'
            '[[steps]]\ntitle = "Six"\nregion = "narnia"\nyaer = 1956\n'
            '[[steps]]\ntitle = "Seven"\nbounds = [[60, 0], [50, 10]]\n'
            '[[steps]]\ntitle = "Eight"\ntext = "{year} {links"\n')
    found = problems(text, mini_dataset)
    expect = [
        "step 2 [year]: 1850 is not a year between",
        "step 3 [highlight]: unknown city 'Coventyr' (did you mean Coventry?)",
        "step 4 [text]: unknown fact {linkz} (did you mean {links}?)",
        "step 4 [text]: {partners:Atlantis}: unknown city 'Atlantis'",
        "step 5 [eras]: unknown value 'victorian'",
        "step 6 [region]: unknown region 'narnia'",
        "step 6 [yaer]: unknown field (did you mean 'year'?)",
        "step 7 [bounds]: write [[south, west], [north, east]]",
        "step 8 [text]: fact {year} needs the step's year",
        "step 8 [text]: unmatched '{'",
    ]
    for e in expect:
        assert any(f.startswith(e) for f in found), (e, found)
    assert not any(f.startswith("step 1 ") for f in found)


def test_bad_values_of_every_filter_are_reported(mini_dataset):
    text = GOOD + ('focus = "knitting"\nstatuses = ["gone"]\nkinds = ["pen_pals"]\n'
                   'countries = ["Atlantis"]\nsources = ["gossip"]\ncity = "Nowhere"\n'
                   'color = "rainbow"\n')
    found = " ".join(problems(text, mini_dataset))
    for field in ("[focus]", "[statuses]", "[kinds]", "[countries]", "[sources]", "[city]",
                  "[color]"):
        assert f"step 1 {field}" in found, field


def test_fact_arguments_are_checked(mini_dataset):
    text = GOOD + ('text = "{top_cities:99} {links:3} {focus_links:knitting} {between:FR} '
                   '{era:victorian} {formed_since:soon} {pair_year:Coventry}"\n')
    found = problems(text, mini_dataset)
    assert len(found) == 7, found
    assert all(f.startswith("step 1 [text]: {") for f in found)


def test_a_broken_file_is_one_clear_problem(mini_dataset):
    assert problems('title = "T"\n[[steps]\n', mini_dataset)[0].startswith(
        "tour: not valid TOML")
    assert problems("", mini_dataset) == ["tour [title]: the tour needs a title",
                                          "tour [steps]: the tour has no steps ([[steps]])"]
    assert any("larger than" in p for p in problems("#" * (model.MAX_BYTES + 10),
                                                    mini_dataset))


def test_an_ambiguous_city_asks_for_its_id(shipped):
    found = problems(GOOD + 'highlight = ["Toledo"]\n', shipped)
    assert found and "names several cities: write its id" in found[0]
    assert tour_of(GOOD + 'highlight = ["toledo-es", "Stalingrad"]\n', shipped).ok


def test_defaults_apply_to_every_step_and_a_step_overrides_them(mini_dataset):
    text = ('title = "T"\n[defaults]\nfocus = ["peace"]\ncolor = "focus"\n'
            '[[steps]]\ntitle = "A"\n[[steps]]\ntitle = "B"\nfocus = "all"\ncolor = "era"\n')
    a, b = tour_of(text, mini_dataset).steps
    assert (a.filters.focus, a.color_by) == (("peace",), "focus")
    assert (b.filters.focus, b.color_by) == ((), "era")
    assert a.filters.sources == ("reviewed",)


def test_framing_from_a_region_bounds_or_the_highlighted_cities(mini_dataset):
    assert one_step(mini_dataset, region="japan").bounds == model.REGIONS["japan"][1]
    assert one_step(mini_dataset, bounds=[[40, -5], [55, 15]]).bounds == ((40, -5), (55, 15))
    (s, w), (n, e) = one_step(mini_dataset, highlight=["Coventry", "Kiel"]).bounds
    assert s < 52.4 < n and w < -1.5 and e > 10.1
    # Across the Pacific, not across the whole world.
    (s, w), (n, e) = one_step(mini_dataset, highlight=["Tokyo", "San Francisco"]).bounds
    assert e - w < 180 and w < 139.7 < e and w < 237.6 < e  # SF at -122.4 + 360


# -- safety ------------------------------------------------------------------------------------


def test_text_from_a_tour_file_cannot_inject_markup(mini_dataset):
    hostile = ("<script>alert(1)</script> [click](https://evil.example) ![x](y.png) "
               "**bold** :red[red] $x$ <img src=x onerror=alert(1)>\n\n# heading {links}")
    step = one_step(mini_dataset, title="<b>T</b> [x](y)", text=hostile)
    page = facts.page(step, mini_dataset.partnerships, mini_dataset.cities)
    html = safe_text.heading_html(page.title) + "".join(
        safe_text.paragraph_html(p) for p in page.text)  # as app.show draws them
    for bad in ("<script", "<a ", "<img", "<b>", "<strong>bold"):
        assert bad not in html, bad
    assert "<strong>12</strong>" in html  # the fact is bold, and only the fact
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "# heading " in html


def test_names_from_the_data_are_escaped_too(mini_dataset):
    cities = mini_dataset.cities.copy()
    cities.loc["gn:2891122", "name"] = "[Kiel](https://evil.example) <i>x</i>"
    p = mini_dataset.partnerships.copy()
    p.loc[p["city_b_id"] == "gn:2891122", "city_b"] = cities.at["gn:2891122", "name"]
    step = one_step(mini_dataset, year=1950, text="{partners:Coventry}")
    html = "".join(safe_text.paragraph_html(para) for para in facts.page(step, p, cities).text)
    assert "<a " not in html and "<i>" not in html and "[Kiel](https://evil.example)" in html


# -- the map of a step and the URL -------------------------------------------------------------


def test_map_options_use_the_playback_options_when_the_map_has_them(mini_dataset):
    @dataclass(frozen=True)
    class WithPlayback:
        color_by: str = "era"
        basemap: str = "plain"
        focus_first: tuple = ()
        timeline: bool = False
        year: int | None = None
        highlight: tuple = ()
        view: tuple | None = None

    step = one_step(mini_dataset, year=1956, region="japan", highlight=["Kyoto"],
                    focus=["culture"], color="focus")
    options, f = view.map_options(step, WithPlayback, basemap="plain")
    assert (options.timeline, options.year, options.view) == (True, 1956,
                                                              model.REGIONS["japan"][1])
    assert options.highlight == ("gn:1857910",) and options.color_by == "focus"
    assert f == step.filters  # every year's links: the map plays them


def test_step_numbers_from_the_url():
    assert view.step_number("4", 12) == (3, "")
    assert view.step_number(None, 12) == (0, "")
    assert view.step_number(["2", "5"], 12) == (4, "")
    for bad in ("0", "13", "x", "<script>", "9" * 50):
        index, notice = view.step_number(bad, 12)
        assert index == 0 and notice.startswith("Ignored step=")


# -- the command -------------------------------------------------------------------------------


def test_tour_validate_command(tmp_path, capsys):
    assert cli.main(["tour", "validate"]) == 0
    assert "valid (" in capsys.readouterr().out
    bad = tmp_path / "lesson.toml"
    bad.write_text('title = "Mine"\n[[steps]]\ntitle = "A"\nhighlight = ["Coventyr"]\n',
                   encoding="utf-8")
    assert cli.main(["tour", "validate", str(bad), "--data", str(MINI)]) == 1
    out = capsys.readouterr()
    assert "lesson.toml: step 1 [highlight]: unknown city 'Coventyr'" in out.out
    assert "1 problem(s)" in out.err
    assert cli.main(["tour", "validate", str(tmp_path / "missing.toml")]) == 2


def test_tour_show_command_prints_the_facts(tmp_path, capsys):
    lesson = tmp_path / "lesson.toml"
    lesson.write_text('title = "Mine"\n[[steps]]\ntitle = "By {year}"\nyear = 1956\n'
                      'facts = ["{links} links"]\n', encoding="utf-8")
    assert cli.main(["tour", "show", str(lesson), "--data", str(MINI)]) == 0
    out = capsys.readouterr().out
    assert "1. By 1956 [1956]" in out and "- 4 links" in out


def test_every_fact_is_documented():
    doc = (model.DEFAULT_TOUR.parent.parent.parent / "docs" / "tour.md").read_text("utf-8")
    for name in facts.FACTS:
        assert f"`{{{name}" in doc, name
    for name in model.REGIONS:
        assert f"`{name}`" in doc, name
    assert Filters  # the filter fields are the sidebar's (documented there)


def test_a_file_saved_by_windows_notepad_reads(mini_dataset):
    """A byte-order mark (Notepad's UTF-8) is not a TOML error."""
    tour = loader.load(b"\xef\xbb\xbf" + GOOD.encode("utf-8"), mini_dataset.partnerships,
                      mini_dataset.cities)
    assert tour.ok, [str(p) for p in tour.problems]


def test_nesting_is_bounded_before_parsing(mini_dataset):
    deep = 'title = "x"\nv = ' + "{a = " * 400 + "1" + "}" * 400 + "\n"
    tour = loader.load(deep.encode(), mini_dataset.partnerships, mini_dataset.cities)
    assert not tour.ok and "nested 400 levels deep" in str(tour.problems[0])
    assert loader.nesting('a = "[[[[" # [[[[\nb = [[1, 2], [3, 4]]') == 2


def test_the_german_tour_is_the_same_tour_in_german(shipped):
    """movement.de.toml: the English tour's steps, years, maps and facts, its words German,
    and every fact filled in German (numbers written the German way)."""
    from sistermap import i18n

    english = loader.load(model.DEFAULT_TOUR, shipped.partnerships, shipped.cities)
    german = loader.load(model.default_tour("de"), shipped.partnerships, shipped.cities)
    assert german.ok, [str(p) for p in german.problems]
    assert model.default_tour("de").name == "movement.de.toml"
    assert model.default_tour("fr") == model.DEFAULT_TOUR  # no French tour: the English one
    assert [(s.year, s.highlight, s.color_by) for s in german.steps] == \
        [(s.year, s.highlight, s.color_by) for s in english.steps]
    with i18n.using("de"):
        shown = facts.page(german.steps[1], shipped.partnerships, shipped.cities)
    assert german.steps[1].title == "1944: Coventry und Stalingrad"
    assert shown.facts[0][:2] == (("Partnerschaften auf der Karte ", False), ("1944", True))
    shown = facts.show(german.steps[1], shipped.partnerships, shipped.cities)
    assert "{" not in shown.text and "Coventry" in shown.text


def test_the_page_shows_a_tour_files_text_as_text_with_facts_strong(mini_dataset):
    """facts.page: what the app draws (escaped HTML via app.show): runs, never Markdown."""
    hostile = "<b>x</b> [click](https://evil.example) **bold**\n\nNext {links}"
    step = one_step(mini_dataset, title="<b>T</b>\n[x](y)", text=hostile,
                    facts=["{links} links"])
    page = facts.page(step, mini_dataset.partnerships, mini_dataset.cities)
    assert page.title == "<b>T</b>\n[x](y)"  # as written (heading_html makes it one line)
    assert page.text == ((("<b>x</b> [click](https://evil.example) **bold**", False),),
                         (("Next ", False), ("12", True)))
    assert page.facts == ((("12", True), (" links", False)),)
    html = safe_text.paragraph_html(page.text[0])
    assert "<b>" not in html and "<a" not in html and "&lt;b&gt;x&lt;/b&gt;" in html
