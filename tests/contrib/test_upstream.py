from sistermap.contrib import upstream
from sistermap.contrib.submit import CityRef
from tests.contrib.conftest import DRESDEN, LICHFIELD, lapsed

QIDS = {"gn:2935022": "Q1731", "gn:2644531": "Q211968"}


def test_a_lapsed_link_is_twinned_both_ways_with_its_years_and_reference():
    batch = upstream.quickstatements([(7, lapsed())], QIDS)
    ref = '\tS854\t"https://example.org/minutes/1956"'
    years = "\tP580\t+1956-00-00T00:00:00Z/9\tP582\t+1968-00-00T00:00:00Z/9"
    assert batch.text == (f"Q211968\tP190\tQ1731{years}{ref}\n"
                          f"Q1731\tP190\tQ211968{years}{ref}\n")
    assert batch.exported == [7] and batch.needs == []


def test_a_city_without_a_wikidata_item_is_listed_not_guessed():
    batch = upstream.quickstatements([(3, lapsed())], {"gn:2935022": "Q1731"})
    assert batch.text == "" and batch.needs == [(3, "no Wikidata item for Lichfield")]


def test_a_city_whose_id_is_a_wikidata_item_needs_no_match():
    q = CityRef("Q84", "London", "GB", 51.5, -0.12)
    batch = upstream.quickstatements([(1, lapsed(city_a=q, established="", ended=""))],
                                     QIDS)
    assert batch.text.splitlines()[0] == 'Q84\tP190\tQ1731\tS854\t"https://example.org/minutes/1956"'


def test_no_reference_url_no_statement():
    s = lapsed(evidence_url="", evidence_ref="Minutes 12/1956")
    assert upstream.quickstatements([(2, s)], QIDS).needs[0][0] == 2


def test_the_wikidata_ids_come_from_the_layers_matches(layered):
    ids = upstream.wikidata_ids(layered)
    assert ids["gn:2652221"] == "Q17"
    assert DRESDEN.city_id in ids and LICHFIELD.city_id not in ids
