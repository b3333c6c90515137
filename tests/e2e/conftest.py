"""A real `streamlit run` server and a headless system Chromium driven by Playwright.

The browser is Debian's ``chromium`` (installed by ``.ci/run``); Playwright never downloads
one. Without ``/usr/bin/chromium`` (or ``$CHROMIUM_PATH``) every e2e test is skipped.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
SCREENS_COPY = os.environ.get("GIGATWIN_SCREENS")  # optional extra folder for screenshots
APP_TIMEOUT_MS = 90_000


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_healthy(url: str, proc: subprocess.Popen, log_path: Path) -> None:
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1) as response:
                if response.read() == b"ok":
                    return
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            raise RuntimeError(f"streamlit did not start:\n{log_path.read_text()}")
        time.sleep(0.25)


@pytest.fixture(scope="session")
def chromium_path() -> str:
    """The system Chromium, or skip the e2e tests with the reason."""
    if not Path(CHROMIUM).exists():
        pytest.skip(f"no system Chromium at {CHROMIUM} (apt-get install -y chromium)")
    return CHROMIUM


@pytest.fixture(scope="session")
def streamlit_url(chromium_path, tmp_path_factory):
    """Start ``streamlit run app.py`` on a free port; yield its URL once healthy."""
    port = _free_port()
    log_path = tmp_path_factory.mktemp("streamlit") / "streamlit.log"
    with log_path.open("w") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
             "--server.port", str(port), "--server.address", "127.0.0.1",
             "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"],
            cwd=REPO, stdout=log, stderr=subprocess.STDOUT,
        )
        url = f"http://127.0.0.1:{port}"
        _wait_healthy(url, proc, log_path)
        yield url
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.fixture(scope="session")
def browser(chromium_path):
    """One headless Chromium for the session."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=chromium_path, headless=True,
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                  "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync"],
        )
        yield instance
        instance.close()


def wait_for_app(page, timeout: int = APP_TIMEOUT_MS) -> None:
    """Wait until the app is connected and its script has finished running."""
    app = "[data-testid='stApp']"
    page.locator(f"{app}[data-test-connection-state='CONNECTED']").wait_for(
        state="attached", timeout=timeout)
    page.wait_for_timeout(200)  # the script state flips to running a moment after an action
    page.locator(f"{app}[data-test-script-state='notRunning']").wait_for(
        state="attached", timeout=timeout)


@pytest.fixture
def wait_app():
    """``wait_app(page)``: wait until the app is connected and idle."""
    return wait_for_app


@pytest.fixture
def page(browser, streamlit_url):
    """A fresh browser tab on the app's default page."""
    context = browser.new_context(accept_downloads=True, viewport={"width": 1400, "height": 900})
    tab = context.new_page()
    tab.goto(streamlit_url)
    wait_for_app(tab)
    yield tab
    context.close()


@pytest.fixture
def screenshot(tmp_path):
    """``screenshot(page, name)``: save a full-page PNG in the test's temp dir (and a copy)."""

    def take(tab, name: str) -> Path:
        path = tmp_path / f"{name}.png"
        # Streamlit scrolls an inner container, so grow the viewport to the content instead.
        height = tab.evaluate(
            "Math.max(...[...document.querySelectorAll('[data-testid=stMain], "
            "[data-testid=stMainBlockContainer]')].map(e => e.scrollHeight), 900)")
        tab.set_viewport_size({"width": 1400, "height": min(int(height) + 40, 8000)})
        tab.wait_for_timeout(500)
        tab.screenshot(path=str(path), full_page=True)
        tab.set_viewport_size({"width": 1400, "height": 900})
        if SCREENS_COPY:
            Path(SCREENS_COPY).mkdir(parents=True, exist_ok=True)
            shutil.copy(path, Path(SCREENS_COPY) / path.name)
        return path

    return take
