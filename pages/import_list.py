"""Bring your own list: upload a partnership list, see what could be placed, map it."""

from __future__ import annotations

import streamlit as st

st.title("Bring your own list")
st.info("Upload arrives with the importer (see docs/importing.md).")
