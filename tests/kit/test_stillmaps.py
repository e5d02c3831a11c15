"""Server-side still maps: right size, right colours, labelled, escaped, for any city."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import numpy as np
import pytest
from matplotlib.colors import to_hex
from PIL import Image

from sistermap import palette
from sistermap.kit import stillmaps
from sistermap.store import dataset

HOSTILE = Path(__file__).resolve().parents[1] / "fixtures" / "hostile_kit"
COVENTRY = "gn:2652221"
OSAKA = "gn:1853909"


def line_collections(ax):
    from matplotlib.collections import LineCollection

    return [c for c in ax.collections if isinstance(c, LineCollection)]


def links_of(ds, city_id):
    p = ds.partnerships
    return p[(p["city_a_id"] == city_id) | (p["city_b_id"] == city_id)]


@pytest.fixture(scope="module")
def hostile():
    return dataset.load(HOSTILE)


@pytest.mark.parametrize(("size", "pixels"), [("slide", (1920, 1080)),
                                              ("square", (1080, 1080))])
def test_png_has_the_slide_sizes(mini_dataset, size, pixels):
    png = stillmaps.render(links_of(mini_dataset, COVENTRY), mini_dataset.cities, COVENTRY,
                           stillmaps.StillOptions(size=size, title="Coventry"))
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG" and image.size == pixels


def test_pdf_is_a4_landscape_with_its_text(hostile):
    from pypdf import PdfReader

    title, subtitle = stillmaps.city_titles(hostile.partnerships, hostile.cities, COVENTRY)
    pdf = stillmaps.render(hostile.partnerships, hostile.cities, COVENTRY,
                           stillmaps.StillOptions(size="a4", title=title, subtitle=subtitle,
                                                  date=dt.date(2026, 5, 9)), fmt="pdf")
    reader = PdfReader(io.BytesIO(pdf))
    page = reader.pages[0]
    assert len(reader.pages) == 1
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (842, 595)
    text = page.extract_text()
    for expected in ("Coventry and its partner cities", "Saint-Étienne", "Москва",
                     "<img src=x onerror=alert(1)>", "$x^2$ </script> & Co",
                     '=HYPERLINK("http://evil.example","click")', "Drawn 9 May 2026",
                     "Natural Earth", "Era established"):
        assert expected in text, expected


def test_links_use_the_interactive_maps_colours(mini_dataset):
    for color_by, colors in (("era", palette.ERA_COLORS), ("focus", palette.FOCUS_COLORS)):
        fig = stillmaps.figure(mini_dataset.partnerships, mini_dataset.cities, "",
                               stillmaps.StillOptions(color_by=color_by))
        ax = fig.axes[0]
        drawn = {to_hex(c.get_color()[0]).lower() for c in line_collections(ax)}
        keys = palette.style_key(mini_dataset.partnerships, color_by)
        assert drawn == {colors[k].lower() for k in set(keys)}
        labels = {t.get_text() for t in ax.get_legend().get_texts()}
        assert "Ended or suspended" in labels  # Prague–Beijing ended: drawn dashed


def test_every_partner_is_labelled_without_overlaps(mini_dataset):
    fig = stillmaps.figure(links_of(mini_dataset, COVENTRY), mini_dataset.cities, COVENTRY,
                           stillmaps.StillOptions(size="square"))
    ax = fig.axes[0]
    renderer = fig.canvas.get_renderer()
    labels = [t for t in ax.texts if t.get_text() in {"Coventry", "Volgograd", "Dresden",
                                                      "Kiel"}]
    assert sorted(t.get_text() for t in labels) == ["Coventry", "Dresden", "Kiel", "Volgograd"]
    assert fig._sistermap_unlabelled == []
    boxes = [t.get_window_extent(renderer) for t in labels]
    for i, a in enumerate(boxes):
        assert all(not a.overlaps(b) for b in boxes[i + 1:])


def test_a_crowded_map_says_which_names_it_left_out(mini_dataset):
    many = links_of(mini_dataset, COVENTRY)
    fig = stillmaps.figure(many, mini_dataset.cities, COVENTRY,
                           stillmaps.StillOptions(size="square", max_labels=1))
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert "Coventry" in texts and "Volgograd" in texts  # oldest first
    assert "Dresden" not in texts


def test_a_city_frame_is_centred_on_it_across_the_pacific(mini_dataset):
    links = stillmaps.link_geometry(links_of(mini_dataset, OSAKA), mini_dataset.cities, OSAKA)
    line = links.lines[0]
    assert tuple(line[0]) == pytest.approx((135.50218, 34.69374), abs=0.01)  # from Osaka
    assert np.abs(np.diff(line[:, 0])).max() < 20  # one piece: no jump at the antimeridian
    assert line[-1, 0] > 180  # San Francisco, east of Osaka, unwrapped
    view = stillmaps.view_for(links, 1920, 1080)
    assert view.x0 < 135.5 < view.x1 and view.x0 < line[-1, 0] < view.x1
    assert (view.x1 - view.x0) / ((view.y1 - view.y0) * view.aspect) == \
        pytest.approx(1920 / 1080)


def test_a_frame_can_show_a_subset_of_links_for_animation(mini_dataset):
    from matplotlib.figure import Figure

    p = mini_dataset.partnerships
    links = stillmaps.link_geometry(p, mini_dataset.cities)
    view = stillmaps.view_for(links, 1000, 600)
    for year in (1950, 1960):
        fig = Figure()
        ax = fig.add_subplot()
        shown = np.array([y <= year for y in links.established])
        stillmaps.draw_frame(ax, links, view, show=shown)
        segments = [s for c in line_collections(ax) for s in c.get_segments()]
        # Each shown link is drawn once or more (copies one world over, at -360 and +360,
        # where they reach into the view); a copy that cannot be seen is not drawn.
        drawn = {tuple(np.round(s[:, 1], 3)) for s in segments}  # a copy keeps its latitudes
        assert len(drawn) == int(shown.sum()), year
        assert all(s[:, 0].max() >= view.x0 and s[:, 0].min() <= view.x1 for s in segments)


def test_empty_and_unknown_inputs_still_draw(mini_dataset):
    empty = mini_dataset.partnerships.iloc[:0]
    png = stillmaps.render(empty, mini_dataset.cities, "", stillmaps.StillOptions(title=""))
    assert Image.open(io.BytesIO(png)).size == (1920, 1080)
    png = stillmaps.render(empty, mini_dataset.cities, "gn:0",
                           stillmaps.StillOptions(size="nonsense"))
    assert Image.open(io.BytesIO(png)).size == (1920, 1080)


def test_titles_come_from_the_data(hostile, mini_dataset):
    title, subtitle = stillmaps.city_titles(hostile.partnerships, hostile.cities, COVENTRY)
    assert title == "Coventry and its partner cities"
    assert subtitle == "United Kingdom · 5 partner cities in 4 countries · formed 1947–2010"
    _, one = stillmaps.city_titles(mini_dataset.partnerships, mini_dataset.cities, OSAKA)
    assert one == "Japan · 1 partner city in 1 country · since 1957"


def test_fonts_are_the_shipped_ones():
    assert stillmaps.font_family()[0] == "DejaVu Sans"


def test_japanese_names_draw_with_a_packaged_font(mini_dataset):
    from matplotlib import font_manager

    assert "IPAexGothic" in stillmaps.font_family()
    p = links_of(mini_dataset, COVENTRY).copy()
    p.loc[p["city_b_id"] == "gn:2891122", "city_b"] = "東京"
    fig = stillmaps.figure(p, mini_dataset.cities, COVENTRY,
                           stillmaps.StillOptions(size="square"))
    label = next(t for t in fig.axes[0].texts if t.get_text() == "東京")
    files = font_manager.fontManager._find_fonts_by_props(label.get_fontproperties())
    assert any("ipaexg" in str(f).lower() for f in files)


def test_a_list_without_years_is_coloured_by_reach_as_on_the_map(mini_dataset):
    """The map's rule (palette.choose_color_by): era colours nothing when no link has a
    year, so the still colours by reach and its legend says so."""
    undated = mini_dataset.partnerships.assign(established=None)
    fig = stillmaps.figure(undated, mini_dataset.cities, "", stillmaps.StillOptions())
    ax = fig.axes[0]
    assert ax.get_legend().get_title().get_text() == "Reach"
    drawn = {to_hex(c.get_color()[0]).lower() for c in line_collections(ax)}
    assert drawn <= {c.lower() for c in palette.REACH_COLORS.values()}


def test_kind_colours_a_still_too(mini_dataset):
    fig = stillmaps.figure(mini_dataset.partnerships, mini_dataset.cities, "",
                           stillmaps.StillOptions(color_by="kind"))
    labels = {t.get_text() for t in fig.axes[0].get_legend().get_texts()}
    assert {"Formal twinning", "Friendship link (informal)"} <= labels
    assert fig.axes[0].get_legend().get_title().get_text() == "Kind of partnership"
