"""The app in the reader's language: ``?lang=``, the browser's, and the switcher."""

from __future__ import annotations

import pytest

from tests.app import htmltext
from tests.app.test_app import mini_data, run, through_app_navigation  # noqa: F401


def _sidebar_labels(at) -> list[str]:
    return [w.label for w in at.sidebar.multiselect] + [w.label for w in at.sidebar.text_input]


def test_lang_de_draws_a_german_sidebar_and_headings():
    at = run(lang="de")
    assert at.title[0].value.replace("\u00ad", "") == "Städtepartnerschaften der Welt"
    labels = _sidebar_labels(at)
    assert "Stadt suchen" in labels and "Epoche" in labels and "Land" in labels
    assert any(b.label == "Filter zurücksetzen" for b in at.sidebar.button)
    assert at.query_params["lang"] in ("de", ["de"])
    # counts are written the German way (the mini dataset is small: no separator needed)
    assert any("Partnerschaften zwischen" in m.value for m in at.sidebar.markdown)


@pytest.mark.parametrize("lang,title", [("ja", "世界の姉妹都市"), ("fr", "Les jumelages du monde"),
                                        ("es", "Ciudades hermanas del mundo")])
def test_other_languages(lang, title):
    assert run(lang=lang).title[0].value == title


def test_unknown_lang_falls_back_to_english():
    at = run(lang="<b>xx</b>")
    assert at.title[0].value == "Sister cities of the world"


def test_switcher_changes_the_language_and_the_address():
    at = run()
    at.sidebar.selectbox(key="sm_w_lang").select("de").run()
    assert at.title[0].value.replace("\u00ad", "") == "Städtepartnerschaften der Welt"
    assert at.query_params["lang"] in ("de", ["de"])


def test_city_page_and_embed_in_german():
    """A German council officer's view: Coventry's page, its partner table's vocabularies
    and countries in German, and the embed of its map."""
    at = run("pages/city.py", city="coventry", lang="de")
    assert [m.label for m in at.metric][:2] == ["Partner", "Durch Filter ausgeblendet"]
    assert "Wann die Verbindungen entstanden" in [s.value for s in at.subheader]
    table = at.dataframe[0].value
    assert {"Partnerstadt", "Land", "Seit", "Epoche", "Status"} <= set(table.columns)
    assert "Russische Föderation" in set(table["Land"])  # pycountry's German name
    assert set(table["Status"]) <= {"Aktiv", "Ausgesetzt", "Beendet", "Unbekannt"}
    embed = run("pages/embed.py", city="coventry", lang="de", embed="true")
    assert any("Partnerstädte" in t for t in htmltext.texts(embed))
    assert [b.label for b in embed.get("link_button")] == ["Vollständige Karte öffnen"]
