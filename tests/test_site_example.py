"""The example site and the commands that build it, end to end."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from sitekit import build, page, record, small_base, write_base
from skms.cli import main
from skms.plugin.build import SiteError, build_site


@pytest.mark.slow
def test_example_site_builds_with_mkdocs_build_strict(tmp_path: Path, example: Path) -> None:
    site = tmp_path / "site"
    run = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(site)],
        cwd=example.parent,
        capture_output=True,
        text=True,
        env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
    )
    assert run.returncode == 0, run.stderr
    for view in (
        "reviews",
        "problems",
        "problems/known-errors",
        "runbooks",
        "alerts",
        "services",
        "readiness",
        "tags",
    ):
        assert (site / view / "index.html").is_file(), view
    assert (site / "alerts/KafkaConsumerLagHigh/index.html").is_file()
    assert (site / "records.json").is_file() and (site / "feed.xml").is_file()


def extra_reviews(n: int) -> list[tuple[str, str]]:
    """Reviews that link to nothing the measured page shows."""
    return [
        record(
            "review",
            "Elsewhere.\n",
            id=f"INC-{1000 + i}",
            title=f"Other outage {i}",
            status="draft",
            severity="SEV4",
        )
        for i in range(n)
    ]


def test_record_page_size_does_not_grow_with_the_number_of_records(tmp_path: Path) -> None:
    small = build(tmp_path / "small", small_base())
    large = build(tmp_path / "large", small_base() + extra_reviews(150))
    for url in ("problems/PRB-0001-pool", "runbooks/checkout-errors"):
        assert len(page(large, url)) == len(page(small, url)), url


def test_home_page_is_not_generated_when_the_docs_folder_has_one(tmp_path: Path) -> None:
    site = build(tmp_path, small_base(), docs={"index.md": "# Welcome to our base\n"})
    html = page(site, ".")
    assert "Welcome to our base" in html and "skms-search" not in html


def test_invalid_plugin_option_is_reported_as_a_mkdocs_config_error(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    config = write_base(tmp_path, small_base(), options=":\n      audience: everyone")
    with pytest.raises(SiteError, match="configuration error"):
        build_site(config, site_dir=tmp_path / "site")
    assert "Plugin 'skms' option 'audience': Input should be" in caplog.text


def test_skms_build_prints_diagnostics_and_a_summary(tmp_path: Path) -> None:
    broken = record("article", "See PRB-9999.\n", id="KB-0001", title="Notes", visibility="public")
    config = write_base(tmp_path, [*small_base(), broken])
    result = CliRunner().invoke(main, ["build", "-f", str(config), "-d", str(tmp_path / "site")])
    assert result.exit_code == 1  # as `skms check`: the site is written, the errors fail the run
    assert (tmp_path / "site/index.html").is_file()
    assert "SKMS101 unknown reference PRB-9999" in result.output
    assert "1 error(s)" in result.output


def test_skms_build_strict_fails_on_a_skms_error(tmp_path: Path) -> None:
    broken = record("article", "See PRB-9999.\n", id="KB-0001", title="Notes", visibility="public")
    config = write_base(tmp_path, [*small_base(), broken])
    result = CliRunner().invoke(
        main, ["build", "--strict", "-q", "-f", str(config), "-d", str(tmp_path / "site")]
    )
    assert result.exit_code == 1


def test_skms_build_audience_flag_leaves_internal_records_out(tmp_path: Path) -> None:
    internal = record(
        "problem", "", id="PRB-0002", title="Hidden", status="open", visibility="internal"
    )
    config = write_base(tmp_path, [*small_base(), internal])
    site = tmp_path / "site"
    result = CliRunner().invoke(
        main, ["build", "-q", "--audience", "public", "-f", str(config), "-d", str(site)]
    )
    assert result.exit_code == 0, result.output
    assert (site / "problems/PRB-0001-pool/index.html").is_file()
    assert not (site / "problems/PRB-0002").exists()
