"""GigaTwin for plant engineers: welded steel underbody against one aluminium giga-casting.

Start it with ``make app`` (or ``streamlit run app.py``). This file only wires the pages
together; the pages live in ``twin/ui/pages`` and call the public APIs through
``twin/ui/state.py``. The ``__main__`` guard matters: process pools and Dask re-import the
entry point in their workers, and must not start the app again.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from twin.ui import session_views

PAGES_DIR = Path(__file__).resolve().parent / "twin" / "ui" / "pages"
PAGES = (
    ("overview.py", "Overview", ":material/compare_arrows:"),
    ("what_if.py", "What-if", ":material/tune:"),
    ("lines.py", "Lines", ":material/factory:"),
    ("parts.py", "Parts", ":material/view_in_ar:"),
    ("defects.py", "Defects", ":material/troubleshoot:"),
    ("cost.py", "Cost", ":material/payments:"),
    ("car.py", "The car", ":material/electric_car:"),
    ("sweeps.py", "Sweeps", ":material/ssid_chart:"),
    ("variants.py", "Variants", ":material/view_column:"),
    ("experiments.py", "Experiments", ":material/history:"),
    ("optimise.py", "Optimise", ":material/target:"),
    ("plant_data.py", "Plant data", ":material/upload_file:"),
)


def main() -> None:
    """Configure the page and run the selected one."""
    st.set_page_config(page_title="GigaTwin", page_icon=":material/factory:", layout="wide")
    pages = [
        st.Page(PAGES_DIR / file, title=title, icon=icon, default=index == 0)
        for index, (file, title, icon) in enumerate(PAGES)
    ]
    session_views.sync_forms()  # before any widget: show settings a load or link changed
    st.navigation(pages).run()
    session_views.session_box()  # after the page: the download holds what its Run applied


if __name__ == "__main__":
    main()
