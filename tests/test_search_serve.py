"""`skms serve` rebuilds the search index with the site: a record added while serving is found."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from sitekit import record, small_base, write_base


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _page_count(url: str) -> int | None:
    try:
        with urllib.request.urlopen(url + "pagefind/pagefind-entry.json", timeout=5) as response:
            entry = json.loads(response.read())
    except OSError:
        return None
    return sum(lang["page_count"] for lang in entry["languages"].values())


def _wait_for(check, timeout: float = 120) -> object:  # noqa: ANN001
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.5)
    raise AssertionError("timed out")


def test_serve_reindexes_after_a_rebuild(tmp_path: Path) -> None:
    config = write_base(tmp_path, small_base())
    port = _free_port()
    url = f"http://127.0.0.1:{port}/"
    server = subprocess.Popen(
        [sys.executable, "-m", "skms", "serve", "-f", str(config), "-a", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        before = _wait_for(lambda: _page_count(url))
        path, text = record(
            "review",
            "## Summary\nA new outage.\n",
            id="INC-0002",
            title="Second outage",
            status="draft",
            severity="SEV3",
            started="2026-03-05T10:00:00Z",
        )
        (tmp_path / path).write_text(text, encoding="utf-8")
        after = _wait_for(lambda: (_page_count(url) or 0) > before)
        assert after
    finally:
        server.terminate()
        server.wait(timeout=30)
