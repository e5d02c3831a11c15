"""Maintainers' builds of ``data/``: the reviewed dataset from ``data/curation/``, and
the Wikidata layer."""
