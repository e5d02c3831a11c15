"""Broken files cost the broken part only: quote breaks, bad JSON, mixed encodings, depth.

Each case once made the importer lose rows, mislabel a file or raise; here each is read
without the geocoder (``read_inputs``), so the cases are cheap to run on every CI run.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sistermap import cli
from sistermap.importers import detect, pairs, pipeline, textrows

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "import"
HEADER = "city1,country1,city2,country2,note\n"


def _read(*files: tuple[str, bytes], **options):
    return pipeline.read_inputs(list(files), pipeline.ImportOptions(**options))


def _errors(res) -> dict[int, str]:
    return {e.row: e.reason for e in res.errors}


def _deep(levels: int) -> str:
    return ('{"head": {"vars": ["city", "twin"]}, "results": {"bindings": '
            + "[" * levels + "]" * levels + "}}")


@pytest.mark.parametrize("fmt", [None, "wikidata"])
def test_json_nested_100000_levels_is_a_file_error_not_a_recursion_error(fmt):
    (res,) = _read(("deep.json", _deep(100_000).encode()), format=fmt)
    assert res.records == [] and "nested too deeply" in _errors(res)[0]
    assert detect.is_sparql_json(_deep(100_000)) is False


def test_deep_json_on_the_command_line_is_reported_without_a_traceback(tmp_path, capsys):
    source = tmp_path / "deep.json"
    source.write_text(_deep(100_000), encoding="utf-8")
    code = cli.main(["import", str(source), "--out", str(tmp_path / "out"), "--quiet"])
    captured = capsys.readouterr()
    assert code == 1 and "Traceback" not in captured.err + captured.out
    assert "nested too deeply" in captured.out


def test_an_unbalanced_quote_costs_one_row_not_the_2000_after_it():
    good = "Kiel,DE,Vaasa,FI,\n"
    text = HEADER + good + 'Bonn,DE,"Oxford,GB,\n' + good * 2000
    res = pairs.read("broken.csv", text)
    assert res.rows_read == 2002
    assert len(res.records) == 2001
    assert list(_errors(res)) == [2] and "unbalanced quote" in _errors(res)[2]
    assert [r.row for r in res.records[:3]] == [1, 3, 4]  # numbered as if it had closed


@pytest.mark.parametrize("where", ["start", "middle", "end"])
def test_a_quote_break_anywhere_keeps_every_other_row(where):
    rows = [f"Town{i},DE,Partner{i},FR,\n" for i in range(1, 301)]
    at = {"start": 0, "middle": 150, "end": 299}[where]
    rows[at] = rows[at].replace(f"Partner{at + 1}", f'"Partner{at + 1}')
    res = pairs.read("q.csv", HEADER + "".join(rows))
    assert res.rows_read == 300 and len(res.records) == 299
    assert list(_errors(res)) == [at + 1]


def test_a_real_multi_line_cell_is_still_one_row():
    text = HEADER + 'Kiel,DE,Vaasa,FI,"signed in Kiel\nrenewed 1990"\nBonn,DE,Oxford,GB,\n'
    res = pairs.read("notes.csv", text)
    assert res.errors == [] and len(res.records) == 2
    assert "renewed 1990" in res.records[0].note and res.records[1].row == 2


def test_bare_carriage_returns_end_rows():
    text = HEADER.replace("\n", "\r") + "Kiel,DE,Vaasa,FI,\rBonn,DE,Oxford,GB,\r"
    res = pairs.read("mac.csv", text)
    assert res.rows_read == 2 and len(res.records) == 2
    assert textrows.count_lines("a\rb\r\nc\nd") == 4


@pytest.mark.parametrize("content, says", [
    ('{"foo": [1, 2, 3]}', "JSON, but not SPARQL results: found an object with keys 'foo'"),
    ("[1, 2, 3]", "JSON, but not SPARQL results: found a list of 3 numbers"),
    ("[]", "found an empty list"),
    ('{"head": {"vars": ["city", "twin"]}, "results": {"bindings": [{"city": ',
     "ends too early"),
    ('{"head": {"vars": ["city"]}, "results": {"bindings": []}, }', "broken JSON"),
])
def test_json_that_is_not_results_says_what_is_wrong(content, says):
    (res,) = _read(("list.json", content.encode()))
    assert res.format == "wikidata" and says in _errors(res)[0]


def test_a_truncated_wikidata_download_is_called_truncated():
    data = (FIX / "wikidata_p190.json").read_bytes()
    (res,) = _read(("wd.json", data[: len(data) // 2]))
    assert "looks truncated" in _errors(res)[0]


def test_a_title_row_in_brackets_is_still_a_table():
    text = "[Partnerstädte]\nStadt;Land;Partnerstadt;Partnerland\nBonn;DE;Oxford;GB\n"
    (res,) = _read(("bonn.csv", text.encode()))
    assert res.format == "pairs" and len(res.records) == 1


def test_mixed_encoding_keeps_utf8_rows_and_reports_the_others():
    data = (HEADER + "Zürich,CH,Kraków,PL,\n").encode() + \
        "Malmö,SE,Tromsø,NO,\n".encode("cp1252") + "Łódź,PL,Tampere,FI,\n".encode()
    (res,) = _read(("mixed.csv", data))
    names = [(r.a.name, r.b.name) for r in res.records]
    assert names == [("Zürich", "Kraków"), ("Malmö", "Tromsø"), ("Łódź", "Tampere")]
    assert [(w.row, "Windows-1252" in w.reason) for w in res.warnings] == [(2, True)]
    assert res.encoding.startswith("utf-8")


def test_a_plain_windows_1252_file_is_decoded_whole_without_row_warnings():
    data = (HEADER + "Malmö,SE,Tromsø,NO,\nKiel,DE,Vaasa,FI,\n").encode("cp1252")
    (res,) = _read(("ansi.csv", data))
    assert [r.a.name for r in res.records] == ["Malmö", "Kiel"] and res.warnings == []
    assert res.encoding == "cp1252"


def test_a_quote_break_in_a_nodes_or_links_file_costs_one_row():
    from sistermap.importers import nodes_links

    nodes_text = "id,name,country,lat,lon\n" + 'n0,"Kiel,DE,54.32,10.13\n' + "".join(
        f"n{i},Town{i},DE,50.{i:02d},7.10\n" for i in range(1, 51))
    nodes, res = nodes_links.read_nodes("nodes.csv", nodes_text)
    assert len(nodes) == 50 and list(_errors(res)) == [1]
    assert "unbalanced quote" in _errors(res)[1]
    links_text = "source,target\n" + "".join(f"n{i},n{i + 1}\n" for i in range(1, 20)) \
        + 'n1,"n3\n' + "".join(f"n{i},n{i + 2}\n" for i in range(1, 20))
    res = nodes_links.read_links("links.csv", links_text, nodes)
    assert len(res.records) == 38 and list(_errors(res)) == [20]


@pytest.mark.parametrize("name, content", [
    ("deep.json", _deep(100_000).encode()),
    ("foo.json", b'{"foo": [1, 2, 3]}'),
    ("crs.csv", HEADER.replace("\n", "\r").encode() + b"Kiel,DE,Vaasa,FI,\r" * 100_001),
])
def test_broken_uploads_give_a_message_on_the_page_not_an_exception(name, content):
    from tests.app.test_app import run

    at = run("pages/import_list.py")
    at.file_uploader[0].upload(name, content, "application/octet-stream")
    at.button[0].click()
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.error  # "Nothing could be imported" or the limit, in words
