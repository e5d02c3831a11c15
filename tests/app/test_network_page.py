"""The network page, headless (AppTest) on the small fixture dataset: Rome–Paris–Kyoto–
Boston is a chain of three; Coventry's family (Volgograd, Dresden, Saint-Étienne) is not
joined to Kyoto's."""

from __future__ import annotations

from tests.app import htmltext
from tests.app.test_app import (  # noqa: F401  (the fixtures every page test uses)
    mini_data,
    page_links,
    run,
    shown,
    through_app_navigation,
    upload,
)

PAGE = "pages/network.py"


def test_a_chain_from_a_link_is_shown_hop_by_hop_with_its_years():
    at = run(PAGE, net="chain", **{"from": "rome", "to": "boston"})
    assert htmltext.headings(at, 3)[0] == "Rome and Boston are 3 partnerships apart"
    assert "Rome → Paris → Kyoto → Boston" in htmltext.texts(at)
    hops = at.dataframe[0].value
    assert list(hops["Since"]) == ["1956", "1958", "1959"]
    assert list(hops["Status"]) == ["active"] * 3
    assert list(hops["Listed by"]) == ["reviewed"] * 3  # each hop's sources, named


def test_no_chain_names_both_families():
    at = run(PAGE, net="chain", **{"from": "coventry", "to": "kyoto"})
    assert any("No chain of partnerships joins Coventry and Kyoto" in shown(w.value)
               for w in at.warning)
    lines = htmltext.texts(at)
    assert any(line.startswith("Coventry is in family") for line in lines)
    assert any(line.startswith("Kyoto is in family") for line in lines)


def test_the_chain_options_are_offered_and_the_pickers_keep_the_url():
    at = run(PAGE, net="chain", **{"from": "rome"})
    at.text_input(key="sm_net_to").set_value("Boston").run()
    assert at.query_params["to"] == "boston" and at.query_params["from"] == "rome"
    at.checkbox(key="sm_net_active").check().run()
    assert htmltext.headings(at, 3)[0].endswith("3 partnerships apart")


def test_a_country_pair_from_the_url_shows_its_links_and_keeps_the_pair():
    at = run(PAGE, net="matrix", pair="JP,FR")
    assert htmltext.headings(at, 3)[0] == "Japan – France: 1 partnership"
    assert at.query_params["pair"] == "JP,FR"
    links = at.dataframe[-1].value
    assert list(links.iloc[0][["Japan", "France"]]) == ["Kyoto", "Paris"]


def test_a_bad_pair_is_ignored_with_a_notice():
    at = run(PAGE, net="matrix", pair="<b>XX")
    assert any("Ignored pair=" in shown(w.value) for w in at.warning)


def test_families_rankings_and_time_are_drawn():
    at = run(PAGE, net="families")
    assert any("No:" in t for t in htmltext.texts(at))  # several families here
    at = run(PAGE, net="rankings")
    assert any("Go-between" in shown(m.value) for m in at.markdown)
    ranked = at.dataframe[0].value
    assert ranked.iloc[0]["City"] in {"Kyoto", "Coventry"}  # 3 partners each
    assert list(ranked["Rank"][:2]) == [1, 2]
    assert "Go-between (%)" in at.dataframe[2].value.columns
    at = run(PAGE, net="time")
    assert at.slider(key="sm_net_year").value == at.slider(key="sm_net_year").max


def test_the_partner_finder_ranks_cities_without_a_link_and_says_why():
    at = run(PAGE, net="finder", city="coventry")
    found = at.dataframe[0].value
    assert len(found) and not {"Volgograd", "Dresden", "Saint-Étienne"} & set(found["City"])
    assert list(found.columns[:3]) == ["City", "Country", "Score (0–100)"]
    why = [t for t in htmltext.texts(at) if "): " in t]  # a numbered list: <ol>
    assert why and why[0].startswith(f"{found.iloc[0]['City']}, ")
    assert any("never drawn on a map" in shown(c.value) for c in at.caption)


def test_the_city_page_links_to_the_network_page():
    at = run("pages/city.py", city="coventry")
    links = page_links(at)
    assert "How is Coventry connected to…" in links
    assert "Find partners like Coventry" in links


def test_the_network_page_works_on_an_uploaded_list():
    at = run("pages/import_list.py")
    upload(at, "origin_destination.tsv")
    at.switch_page(PAGE)
    at.query_params["net"] = "families"
    at.run()
    assert not at.exception
    assert any(t.startswith(("Yes", "No")) for t in [*htmltext.texts(at),
                                                      *(shown(s.value) for s in at.success)])



def test_a_pair_without_links_says_so():
    at = run(PAGE, net="matrix", pair="JP,JP")  # no link inside Japan in the fixture
    assert htmltext.headings(at, 3)[0] == "Japan – Japan: 0 partnerships"
    assert any("No partnership between these two" in shown(i.value) for i in at.info)



def test_a_chain_the_options_cut_says_which_option_to_clear():
    # Prague–Beijing ended in 2019; Beijing–Tokyo is active: any status shows the chain.
    at = run(PAGE, net="chain", statuses="all", **{"from": "prague", "to": "tokyo"})
    assert htmltext.headings(at, 3)[0] == "Prague and Tokyo are 2 partnerships apart"
    at.checkbox(key="sm_net_active").check().run()
    assert any("No chain of partnerships joins Prague and Tokyo" in shown(w.value)
               for w in at.warning)
    assert any("clear “active only”" in shown(i.value) for i in at.info)
