"""The static site: every page a reader needs, as plain files any web server or CDN carries.

``build.py`` turns a dataset into the site's files (pure: data in, ``{path: bytes}`` out);
``pages.py`` lays out its HTML; ``write.py`` writes them to a folder, only what changed.
It sits above the views (it uses the web map, the kit's exports and links, and the tour),
below the command line (``cli/cmd_publish.py``).
"""
