"""Diagnostics about the configuration name the config file the user passed (`-f site.yml`)."""

from __future__ import annotations

from pathlib import Path

import git
from click.testing import CliRunner

from sitekit import build_site, small_base, write_base
from skms.cli import main

REPOS = """:
      repos:
        - name: acme/payments
          path: ../payments
        - name: acme/plain
          path: ../plain
"""


def _base(tmp_path: Path) -> Path:
    """A knowledge base configured by `site.yml`: one repository missing, one not a repository."""
    root = tmp_path / "kb"
    (write_base(root, small_base(), options=REPOS)).rename(root / "site.yml")
    (tmp_path / "plain").mkdir()
    git.Repo.init(root).close()
    return root / "site.yml"


def test_check_annotations_about_configured_repositories_name_the_config_file(
    tmp_path: Path,
) -> None:
    config = _base(tmp_path)
    result = CliRunner().invoke(main, ["check", "-f", str(config), "--format", "github"])
    notes = [line for line in result.stdout.splitlines() if "SKMS401" in line or "SKMS407" in line]
    assert len(notes) == 2, result.output
    for note in notes:
        assert note.startswith("::warning file=site.yml,"), note
    assert "mkdocs.yml" not in result.stdout


def test_a_build_names_the_config_file_in_its_diagnostics(tmp_path: Path) -> None:
    config = _base(tmp_path)
    result = build_site(config, site_dir=tmp_path / "site")
    paths = {d.path for d in result.diagnostics if d.code in ("SKMS401", "SKMS407")}
    assert paths == {"site.yml"}
