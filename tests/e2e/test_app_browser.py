"""The app in a real headless Chromium: every page renders, downloads parse, uploads fail well."""

from __future__ import annotations

import pandas as pd
import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

APP_TIMEOUT_MS = 90_000
PAGES = ("", "what_if", "lines", "parts", "defects", "cost", "sweeps")


def open_page(tab, url: str, path: str, wait_app) -> None:
    tab.goto(f"{url}/{path}")
    wait_app(tab)


def test_every_page_renders_without_an_error(page, streamlit_url, wait_app, screenshot):
    for path in PAGES:
        open_page(page, streamlit_url, path, wait_app)
        expect(page.get_by_test_id("stHeading").first).to_be_visible(timeout=APP_TIMEOUT_MS)
        assert page.get_by_test_id("stException").count() == 0, path
        assert page.get_by_test_id("stAlertContentError").count() == 0, path
        if path in {"lines", "parts", "defects"}:
            expect(page.get_by_test_id("stPlotlyChart").first).to_be_visible()
        assert screenshot(page, path or "overview").stat().st_size > 10_000


def test_csv_download_parses_with_unit_columns(page, streamlit_url, wait_app):
    open_page(page, streamlit_url, "lines", wait_app)
    with page.expect_download() as download:
        page.get_by_test_id("stDownloadButton").first.get_by_role("button").click()
    table = pd.read_csv(download.value.path())
    assert {"station", "working_pct", "blocked_pct", "failed_pct", "bottleneck"} <= set(table)
    assert table.filter(like="_pct").drop(columns="bottleneck_pct").sum(axis=1).round(3).eq(
        100.0).all()
