"""What the browser tests share: the Chromium they drive and a local server for a built site
(`served`, shared with the search benchmark)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from benchmarks.localserver import served as served  # the tests' server too

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Locator, Page

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# No sandbox (tests run as root in CI), and nothing that would reach past the local server.
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def require_chromium() -> None:
    """Skip the calling test module when the Debian `chromium` package is not installed."""
    if not Path(CHROMIUM).exists():
        pytest.skip(
            "chromium is not installed (apt-get install chromium; .ci/run installs it)",
            allow_module_level=True,
        )


@contextmanager
def chromium() -> Iterator[Browser]:
    """A headless Chromium, closed on the way out."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            yield browser
        finally:
            browser.close()


def type_in_search(page: Page, query: str, delay: float = 10) -> Locator:
    """Open the search dialog with `/` and type the query; returns the dialog."""
    page.keyboard.press("/")
    box = page.locator(".skms-search-dialog input.skms-search-input")
    box.wait_for(state="visible")
    box.press_sequentially(query, delay=delay)
    return page.locator(".skms-search-dialog")


def finished_results(dialog: Locator, query: str) -> Locator:
    """The result list once it shows the results of the whole query (it carries the query)."""
    done = dialog.locator(f"[data-search-results][data-query='{query}']")
    done.wait_for(state="attached", timeout=15_000)
    return done
