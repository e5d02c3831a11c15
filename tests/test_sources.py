"""sources.py: how a link's sources are marked, and shown in the reader's language."""



def test_a_links_mark_is_shown_in_the_readers_language_and_stays_english_in_the_data():
    from sistermap import i18n
    from sistermap.sources import mark, mark_label

    stored = mark(["reviewed", "wikidata"])
    assert stored == "reviewed + Wikidata"
    with i18n.using("de"):
        assert mark_label(stored) == "geprüft + Wikidata"
        assert mark_label("reviewed + some list") == "geprüft + some list"  # unknown: as is
    assert mark_label(stored) == stored and mark_label(None) == ""
    assert mark_label(("reviewed", "wikidata")) == stored  # a link's keys, marked
