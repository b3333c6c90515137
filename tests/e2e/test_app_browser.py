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
        page.get_by_test_id("stMain").get_by_test_id("stDownloadButton").first.get_by_role(
            "button").click()
    table = pd.read_csv(download.value.path())
    assert {"station", "working_pct", "blocked_pct", "failed_pct", "bottleneck"} <= set(table)
    assert table.filter(like="_pct").drop(columns="bottleneck_pct").sum(axis=1).round(3).eq(
        100.0).all()


def metric_values(page) -> list[str]:
    return page.get_by_test_id("stMetricValue").all_inner_texts()


def test_what_if_run_changes_the_metrics(page, streamlit_url, wait_app, screenshot):
    open_page(page, streamlit_url, "what_if", wait_app)
    expect(page.get_by_test_id("stMetricValue").nth(1)).not_to_be_empty(timeout=APP_TIMEOUT_MS)
    before = metric_values(page)
    cycle = page.get_by_role("spinbutton", name="Giga-press cycle time [s]")
    cycle.fill("150")
    cycle.press("Tab")
    page.get_by_role("button", name="Run", exact=True).click()
    casting_jph = page.get_by_test_id("stMetricValue").nth(1)
    expect(casting_jph).not_to_have_text(before[1], timeout=APP_TIMEOUT_MS)
    wait_app(page)
    after = metric_values(page)
    assert after[0] == before[0]  # the welded route did not change
    assert float(after[1]) < float(before[1])  # slower press, fewer castings per hour
    screenshot(page, "what_if_after_run")


def test_bad_yaml_upload_shows_an_error_and_the_app_keeps_working(page, streamlit_url, wait_app):
    open_page(page, streamlit_url, "what_if", wait_app)
    page.get_by_text("Scenario files: upload or download YAML").click()
    page.get_by_test_id("stMain").locator("input[type='file']").set_input_files(
        files=[{"name": "bad.yaml", "mimeType": "application/x-yaml",
                "buffer": b"route: casting\ncells: [oops\n"}])
    error = page.get_by_test_id("stAlertContentError")
    expect(error).to_contain_text("Could not use bad.yaml", timeout=APP_TIMEOUT_MS)
    wait_app(page)
    assert page.get_by_test_id("stException").count() == 0
    expect(page.get_by_test_id("stMetricValue").first).not_to_be_empty()
    open_page(page, streamlit_url, "lines", wait_app)
    expect(page.get_by_test_id("stPlotlyChart").first).to_be_visible(timeout=APP_TIMEOUT_MS)
    assert page.get_by_test_id("stException").count() == 0
