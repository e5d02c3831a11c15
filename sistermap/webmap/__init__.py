"""The interactive map: the plan sent to the browser (``plan``, ``contract``), its Folium
elements, the browser script (``js/``, ``map.css``) and the standalone file."""
