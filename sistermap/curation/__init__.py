"""Maintainers' builds of ``data/``: the reviewed dataset from ``data/curation/``, the
Wikidata layer."""
