from sistermap.publish import pages

EVIL = '<script>alert(1)</script>"'


def test_every_page_escapes_what_it_is_given():
    row = pages.PartnerRow(EVIL, "city/x.html", EVIL, "1990", EVIL, EVIL, EVIL, EVIL, EVIL)
    html = pages.city_page(EVIL, EVIL, [EVIL], EVIL, [EVIL], EVIL, [row], "../embed/x.html",
                           "https://maps.example.org/city/x.html", EVIL)
    html += pages.cities_page([("city/x.html", EVIL, EVIL)])
    html += pages.about_page([EVIL], [EVIL], [("data/x.csv", EVIL)])
    html += pages.tour_page(EVIL, EVIL, [pages.TourStep(EVIL, EVIL, (EVIL,), "embed/t.html")])
    assert "<script>alert" not in html
    assert html.count("&lt;script&gt;alert(1)&lt;/script&gt;&quot;") >= 10


def test_search_data_cannot_close_its_script():
    text = pages.search_data([["city/x.html", "</script><b>", "", "x"]])
    assert "</script>" not in text[:-2] and "<b>" not in text
    assert text.startswith("window.SisterMapSearch = [[")


def test_pages_name_each_other_relative_to_their_folder():
    top = pages.layout("t", "", "")
    down = pages.layout("t", "", "../")
    assert 'href="map.html"' in top and 'href="assets/site.css"' in top
    assert 'href="../map.html"' in down and 'href="../assets/site.css"' in down


def test_sitemap_lists_the_addresses():
    xml = pages.sitemap(["https://m.example.org/index.html", "https://m.example.org/a&b.html"])
    assert "<loc>https://m.example.org/index.html</loc>" in xml
    assert "a&amp;b.html" in xml
