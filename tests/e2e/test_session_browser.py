"""Sessions and shared links in a real browser: save, reload, load, same numbers; a URL's levers."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import APP_TIMEOUT_MS, wait_for_app

pytestmark = pytest.mark.e2e


def metric_values(tab) -> list[str]:
    return tab.get_by_test_id("stMetricValue").all_inner_texts()


def open_what_if(tab, url: str, query: str = "") -> None:
    tab.goto(f"{url}/what_if{query}")
    wait_for_app(tab)
    expect(tab.get_by_test_id("stMetricValue").nth(1)).not_to_be_empty(timeout=APP_TIMEOUT_MS)
    wait_for_app(tab)


def session_box(tab):
    sidebar = tab.get_by_test_id("stSidebar")
    sidebar.get_by_text("Session: save or load").click()
    return sidebar


def lever(tab, title: str) -> float:
    return float(tab.get_by_role("spinbutton", name=title).input_value())


def test_a_saved_session_loads_into_a_fresh_tab_with_the_same_numbers(
        browser, streamlit_url, tmp_path: Path, screenshot):
    first = browser.new_context(accept_downloads=True, viewport={"width": 1400, "height": 900})
    tab = first.new_page()
    open_what_if(tab, streamlit_url)
    defaults = metric_values(tab)
    cycle = tab.get_by_role("spinbutton", name="Giga-press cycle time [s]")
    cycle.fill("150")
    cycle.press("Tab")
    tab.get_by_role("button", name="Run", exact=True).click()
    expect(tab.get_by_test_id("stMetricValue").nth(1)).not_to_have_text(
        defaults[1], timeout=APP_TIMEOUT_MS)
    wait_for_app(tab)
    changed = metric_values(tab)
    with tab.expect_download() as download:
        session_box(tab).get_by_role("button", name="Save session (YAML)").click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    assert saved.name == "gigatwin_session.yaml"
    assert "cycle_time_s: 150.0" in saved.read_text(encoding="utf-8")
    first.close()

    second = browser.new_context(viewport={"width": 1400, "height": 900})
    tab = second.new_page()
    open_what_if(tab, streamlit_url)
    assert metric_values(tab) == defaults  # a new session starts at the shipped values
    session_box(tab).locator("input[type='file']").set_input_files(str(saved))
    expect(tab.get_by_test_id("stMetricValue").nth(1)).to_have_text(
        changed[1], timeout=APP_TIMEOUT_MS)
    wait_for_app(tab)
    assert metric_values(tab) == changed
    assert lever(tab, "Giga-press cycle time [s]") == 150.0
    assert tab.get_by_test_id("stException").count() == 0
    screenshot(tab, "session_loaded")
    second.close()


def test_a_bad_session_file_is_an_error_naming_the_file_and_field(page, streamlit_url):
    open_what_if(page, streamlit_url)
    session_box(page).locator("input[type='file']").set_input_files(files=[{
        "name": "old.yaml", "mimeType": "application/x-yaml",
        "buffer": b"format: gigatwin-session\nversion: 1\nwhat_if_run: {days: -1}\n"}])
    error = page.get_by_test_id("stAlertContentError")
    expect(error).to_contain_text("old.yaml", timeout=APP_TIMEOUT_MS)
    expect(error).to_contain_text("what_if_run.days")
    assert page.get_by_test_id("stException").count() == 0


def test_a_shared_what_if_url_sets_its_levers(page, streamlit_url, screenshot):
    open_what_if(page, streamlit_url, "?cycle=150&cells=2&days=1&replications=2")
    assert lever(page, "Giga-press cycle time [s]") == 150.0
    assert lever(page, "Giga-press cells [cells]") == 2
    assert lever(page, "Run length per route [days]") == 1.0
    assert lever(page, "Replications") == 2
    assert lever(page, "Die life [shots]") == 100_000  # not in the link: the shipped value
    assert "cycle=150&cells=2" in page.url  # the address bar is the link to share
    link = page.get_by_test_id("stCode").inner_text()
    assert link.startswith(streamlit_url)
    assert "cycle=150&cells=2" in link
    assert page.get_by_test_id("stException").count() == 0
    screenshot(page, "what_if_shared_url")


def test_a_long_variants_run_can_be_cancelled_and_the_page_says_so(page, streamlit_url):
    page.goto(f"{streamlit_url}/variants")
    wait_for_app(page)
    days = page.get_by_role("spinbutton", name="Run length [days]")
    days.fill("20")
    days.press("Tab")
    reps = page.get_by_role("spinbutton", name="Replications")
    reps.fill("20")
    reps.press("Tab")
    page.get_by_role("button", name="Run the variants").click()
    cancel = page.get_by_role("button", name="Cancel the run")
    expect(cancel).to_be_visible(timeout=APP_TIMEOUT_MS)
    expect(page.get_by_test_id("stProgress")).to_be_visible()
    cancel.click()
    expect(page.get_by_text("Run cancelled")).to_be_visible(timeout=30_000)
    wait_for_app(page)
    assert page.get_by_test_id("stException").count() == 0
    # no result from the cancelled run
    assert page.get_by_test_id("stAlertContentSuccess").count() == 0
