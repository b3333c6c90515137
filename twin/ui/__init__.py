"""The Streamlit front end for plant engineers: pages, cached calls and pure Plotly figures.

``app.py`` wires the pages in ``twin/ui/pages``; pages call the public APIs of ``twin``,
``lines``, ``parts_catalog`` and ``ml`` only through :mod:`twin.ui.state`, and draw with the
pure builders of :mod:`twin.ui.figures` and :mod:`twin.ui.tables` (testable without Streamlit).
"""

__all__: list[str] = []
