"""SisterMap: an interactive map of sister-city and twin-town partnerships.

The package is the functional core: schema and validation, loading, geocoding, filters,
statistics, exports, map building and the partnership graph. Importing it is cheap; heavy
libraries (geopandas, folium, the gazetteer) load on first use.
"""

__version__ = "0.1.0"
