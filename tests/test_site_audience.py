"""Audience builds: a `public` site contains nothing internal, in any file it writes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sitekit import (
    article,
    build,
    hrefs,
    output_files,
    page,
    pagefind_text,
    record,
    small_base,
)
from skms.config import load_config
from skms.pipeline import load_knowledge_base
from skms.plugin.build import build_site


def mixed_base() -> list[tuple[str, str]]:
    """The small base (public) plus an internal problem and a restricted review it names."""
    base = small_base()
    base.append(
        record(
            "problem",
            "Zebra cache stampede details.\n",
            id="PRB-0042",
            title="Zebra cache stampede",
            status="open",
            services=["checkout"],
            visibility="internal",
        )
    )
    base.append(
        record(
            "review",
            "## Summary\nSecret.\n",
            id="INC-0077",
            title="Quokka restricted outage",
            status="draft",
            severity="SEV1",
            services=["checkout"],
            problems=["PRB-0042"],
            started="2026-04-01T10:00:00Z",
            visibility="restricted",
        )
    )
    # A public record that names the hidden ones, in front matter and in its body.
    base.append(
        record(
            "review",
            "## Summary\nLike PRB-0042 and [[INC-0077]], see [[PRB-0042|the cache problem]].\n",
            id="INC-0005",
            title="Public outage",
            status="draft",
            severity="SEV3",
            services=["checkout"],
            problems=["PRB-0001", "PRB-0042"],
            visibility="public",
        )
    )
    return base


def leaks(site: Path, needles: list[str]) -> list[str]:
    """Needles found in any file of the site, the search index's compressed files read unpacked."""
    found = []
    for path in output_files(site):
        text = pagefind_text(path)
        for needle in needles:
            if needle in text:
                found.append(f"{path.relative_to(site)}: {needle}")
    return found


@pytest.fixture(scope="module")
def public_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(tmp_path_factory.mktemp("public"), mixed_base(), audience="public")


def test_public_build_contains_no_internal_or_restricted_record_anywhere(public_site: Path) -> None:
    hidden = ["PRB-0042", "Zebra", "INC-0077", "Quokka"]
    assert leaks(public_site, hidden) == []
    # The search index is read too: Pagefind lower-cases the words it indexes.
    assert leaks(public_site, ["zebra", "quokka", "prb_0042", "inc_0077"]) == []
    assert leaks(public_site, ["Checkout outage"]) != []  # a public record is indexed


def test_public_build_still_publishes_public_records(public_site: Path) -> None:
    assert (public_site / "reviews/INC-0005/index.html").is_file()
    assert (public_site / "problems/PRB-0001-pool/index.html").is_file()


def test_reference_to_a_hidden_record_renders_as_plain_text(public_site: Path) -> None:
    html = article(page(public_site, "reviews/INC-0005"))
    assert '<span class="skms-ref skms-ref--hidden">the cache problem</span>' in html
    assert '<span class="skms-ref skms-ref--hidden">an unpublished record</span>' in html
    assert "skms-ref--unknown" not in html


def test_internal_build_shows_internal_records_but_not_restricted_ones(tmp_path: Path) -> None:
    site = build(tmp_path, mixed_base(), audience="internal")
    assert (site / "problems/PRB-0042/index.html").is_file()
    assert leaks(site, ["INC-0077", "Quokka"]) == []
    html = article(page(site, "reviews/INC-0005"))
    assert "../../problems/PRB-0042/" in hrefs(html)


def test_audience_option_in_mkdocs_yml_selects_the_records(tmp_path: Path) -> None:
    site = build(tmp_path, mixed_base(), options=":\n      audience: public")
    assert not (site / "problems/PRB-0042").exists()


def _hidden_needles(config_file: Path) -> tuple[list[str], str]:
    """Ids and titles of the example's non-public records, and the public records' own text."""
    config = load_config(config_file)
    kb = load_knowledge_base(config, audience="all")
    # What the audience may read anyway: public records and the hand-written pages.
    sources = [r.abs_path for r in kb.records if r.visibility == "public"]
    sources += sorted((config.root / "docs").rglob("*.md"))
    public_text = "\n".join(p.read_text(encoding="utf-8") for p in sources)
    needles = []
    for r in kb.records:
        if r.visibility != "public":
            needles += [r.id, r.title]
    return needles, public_text


@pytest.mark.slow
def test_public_example_site_leaks_no_id_or_title_of_a_non_public_record(
    tmp_path: Path, example: Path
) -> None:
    config_file = example
    result = build_site(config_file, audience="public", site_dir=tmp_path / "site")
    needles, public_text = _hidden_needles(config_file)
    site = result.site_dir
    problems = []
    for path in output_files(site):
        text = pagefind_text(path)
        for needle in needles:
            # Words the public records use themselves ("Checkout", "payments") are not leaks.
            pattern = rf"(?<![\w-]){re.escape(needle)}(?![\w-])"
            if re.search(pattern, public_text):
                continue
            if re.search(pattern, text):
                problems.append(f"{path.relative_to(site)}: {needle}")
    assert problems == []
    assert result.pages > 0
