"""SKMS_TODAY fixes the day for reproducible output; a malformed value is an error, not ignored."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from click.testing import CliRunner

from sitekit import build_site, small_base, write_base
from skms.cli import main
from skms.plugin.build import SiteError


@pytest.mark.parametrize("value", ["2026-02-30", "yesterday", "04/03/2026"])
@pytest.mark.parametrize("command", [["check"], ["export"], ["new", "problem", "--title", "X"]])
def test_a_malformed_skms_today_stops_the_command_with_a_usage_error(
    kb: Path, monkeypatch: pytest.MonkeyPatch, value: str, command: list[str]
) -> None:
    monkeypatch.chdir(kb)
    monkeypatch.setenv("SKMS_TODAY", value)
    result = CliRunner().invoke(main, command)
    assert result.exit_code == 2, result.output
    assert f"SKMS_TODAY={value!r} is not a date" in result.stderr
    assert "YYYY-MM-DD" in result.stderr
    assert "Traceback" not in result.output
    assert not list(kb.glob("knowledge/problems/PRB-0002*"))


def test_a_malformed_skms_today_stops_skms_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = write_base(tmp_path / "kb", small_base())
    monkeypatch.setenv("SKMS_TODAY", "2026-3-4")
    result = CliRunner().invoke(main, ["build", "-f", str(config)])
    assert result.exit_code == 2, result.output
    assert "SKMS_TODAY='2026-3-4' is not a date" in result.stderr
    assert not (tmp_path / "kb" / "site").exists()


def test_a_malformed_skms_today_fails_a_mkdocs_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    config = write_base(tmp_path / "kb", small_base())
    monkeypatch.setenv("SKMS_TODAY", "soon")
    with caplog.at_level(logging.ERROR), pytest.raises(SiteError):
        build_site(config, site_dir=tmp_path / "site")
    assert "SKMS_TODAY='soon' is not a date" in caplog.text


def test_a_well_formed_skms_today_is_the_day_of_new_records(
    kb: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(kb)
    monkeypatch.setenv("SKMS_TODAY", " 2026-03-04 ")
    result = CliRunner().invoke(main, ["new", "problem", "--title", "Slow disks"])
    assert result.exit_code == 0, result.output
    assert "opened: 2026-03-04" in (kb / result.stdout.strip()).read_text(encoding="utf-8")
