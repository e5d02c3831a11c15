"""The offline place index: lookups, admin1 names and the disk cache (name keys: test_names)."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from sistermap.places import gazetteer
from sistermap.places.gazetteer import Place


@pytest.fixture(scope="session")
def gz() -> gazetteer.Gazetteer:
    """Loaded once per session (built and cached on disk the first time)."""
    return gazetteer.load()


def test_load_is_memoised(gz: gazetteer.Gazetteer) -> None:
    assert gazetteer.load() is gz
    assert len(gz) > 200_000


def test_by_id_accepts_every_id_form(gz: gazetteer.Gazetteer) -> None:
    place = gz.by_id("gn:2643123")  # Manchester
    assert isinstance(place, Place)
    assert place.name == "Manchester" and place.country == "GB"
    assert place.city_id == "gn:2643123" and place.geonameid == 2643123
    assert gz.by_id(2643123) == place and gz.by_id("2643123") == place
    assert gz.by_id("gn:999999999") is None
    assert gz.by_id("not-an-id") is None


def test_place_fields(gz: gazetteer.Gazetteer) -> None:
    munich = gz.by_id(2867714)
    assert munich is not None
    assert (munich.admin1, munich.admin1_name) == ("02", "Bavaria")
    assert 48.0 < munich.lat < 48.3 and 11.4 < munich.lon < 11.7
    assert munich.population > 1_000_000
    assert "München" in munich.alt_names


@pytest.mark.parametrize(
    ("name", "country", "expected"),
    [("Krakow", "PL", "Kraków"), ("Moskau", "RU", "Moscow"), ("Lissabon", "PT", "Lisbon"),
     ("Koeln", "DE", "Köln"), ("Saint Louis", "US", "St. Louis")],
)
def test_candidates_match_primary_and_alternate_names(gz, name, country, expected) -> None:
    cands = gz.candidates(name, country)
    assert cands and cands[0].name == expected
    assert all(p.country == country for p in cands)


def test_candidates_are_ordered_by_population(gz: gazetteer.Gazetteer) -> None:
    cands = gz.candidates("Portland", "US")
    pops = [p.population for p in cands]
    assert len(cands) > 3 and pops == sorted(pops, reverse=True)
    assert gz.candidates("Portland", None)[0].country == "US"


def test_admin1_names(gz: gazetteer.Gazetteer) -> None:
    states = {p.admin1_name for p in gz.candidates("Portland", "US")}
    assert {"Oregon", "Maine"} <= states
    assert gz.by_id(2155472).admin1_name == "New South Wales"  # Newcastle, NSW
    assert ("US", "VA") in gz.admin1_matching("Virginia")
    assert gz.admin1_matching("Sachsen-Anhalt") == {("DE", "14")}  # Magdeburg's state


def test_unknown_name_gives_no_candidates(gz: gazetteer.Gazetteer) -> None:
    assert gz.candidates("Xyzzyqville", None) == []


def test_corrupt_or_stale_cache_is_rebuilt(tmp_path: Path, gz, monkeypatch) -> None:
    """A garbage or old-format cache file is replaced, never a crash."""
    monkeypatch.setattr(gazetteer, "_build_columns", lambda: dict(gz._d))
    path = gazetteer._cache_path(tmp_path)
    path.write_bytes(b"\x80\x05 this is not a pickle")
    assert gazetteer._read_cache(path) is None
    rebuilt = gazetteer.load(tmp_path)
    assert rebuilt.by_id(2643123).name == "Manchester"
    assert gazetteer._read_cache(path) is not None

    stale = dict(gz._d, format=gazetteer.FORMAT_VERSION - 1)
    path.write_bytes(pickle.dumps(stale))
    assert gazetteer._read_cache(path) is None
    gazetteer._LOADED.pop(str(tmp_path.resolve()))
    assert gazetteer.load(tmp_path).by_id(2643123) is not None


def test_cache_write_is_atomic(tmp_path: Path, monkeypatch) -> None:
    """A failure while writing leaves the previous cache file intact and no temp files."""
    path = tmp_path / "cache.pkl"
    gazetteer._write_cache(path, {"v": 1})

    def boom(*_a, **_k):
        raise RuntimeError("disk full")

    monkeypatch.setattr(gazetteer.pickle, "dump", boom)
    with pytest.raises(RuntimeError):
        gazetteer._write_cache(path, {"v": 2})
    assert pickle.loads(path.read_bytes()) == {"v": 1}
    assert [p.name for p in tmp_path.iterdir()] == ["cache.pkl"]


def test_cache_dir_from_environment(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setenv("SISTERMAP_CACHE", str(tmp_path))
    assert gazetteer.default_cache_dir() == tmp_path


def test_nearest_place_within_a_radius() -> None:
    gz = gazetteer.load()
    bonn = gz.nearest(50.7333, 7.1)
    assert bonn is not None and bonn.country == "DE"
    assert gz.nearest(0.0, -140.0, 30.0) is None  # the open Pacific
