"""A hand-made network whose answers are known by hand (chains, families, pairs, finder).

    A(GB) ─ B(FR) ─ C(DE) ─ D(JP) ─ E(JP) ─ F(US)      G(BR) ─ H(AR)
      └─────(ended)──┘└─ I(DE)   B ─ D

A–C ended in 1980. A to E: A-B-D-E and A-C-D-E. G and H are a family of their own.
"""

from __future__ import annotations

import pytest

CITIES = [
    ("gn:1", "Aton", "GB", 51.0, -1.0, 100000),
    ("gn:2", "Bville", "FR", 48.0, 2.0, 120000),
    ("gn:3", "Cstadt", "DE", 52.0, 13.0, 5000000),
    ("gn:4", "Dmachi", "JP", 35.0, 135.0, 100000),
    ("gn:5", "Eshi", "JP", 36.0, 139.0, 80000),
    ("gn:6", "Fton", "US", 40.0, -75.0, 90000),
    ("gn:7", "Gopolis", "BR", -23.0, -46.0, 1000000),
    ("gn:8", "Haires", "AR", -34.0, -58.0, 1000),
    ("gn:9", "Idorf", "DE", 50.0, 8.0, 110000),
]
LINKS = [  # a, b, established, ended, status, focus
    ("gn:1", "gn:2", 1950, "", "active", "peace|culture"),
    ("gn:2", "gn:3", 1960, "", "active", "culture"),
    ("gn:1", "gn:3", 1970, 1980, "ended", "economy"),
    ("gn:3", "gn:4", 1965, "", "active", "culture"),
    ("gn:2", "gn:4", 1975, "", "active", "culture|education"),
    ("gn:4", "gn:5", 1990, "", "active", ""),
    ("gn:6", "gn:5", 2000, "", "active", "climate"),
    ("gn:7", "gn:8", 1985, "", "active", ""),
    ("gn:2", "gn:9", 1980, "", "active", "culture"),
]


@pytest.fixture(scope="session")
def net():
    """The hand-made network as a dataset (every derived column, as the app has it)."""
    from sistermap.store import dataset

    cities = [{"city_id": i, "name": n, "alt_names": "", "country": c, "admin1": "",
               "lat": str(lat), "lon": str(lon), "population": str(pop)}
              for i, n, c, lat, lon, pop in CITIES]
    links = [{"city_a_id": a, "city_b_id": b, "kind": "twin_town", "established": str(y),
              "established_date": "", "ended": str(e), "status": s, "focus_areas": f,
              "source": "https://example.org", "note": ""} for a, b, y, e, s, f in LINKS]
    return dataset.from_rows(cities, links)
