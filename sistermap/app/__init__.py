"""Streamlit glue: the cached data, the sidebar, the share panel, presenter mode, serving the
shipped browser libraries. The only package that imports Streamlit."""
