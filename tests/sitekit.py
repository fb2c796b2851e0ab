"""Small knowledge bases written into tmp_path and built into real sites, for the site tests."""

from __future__ import annotations

import gzip
import re
from pathlib import Path
from typing import Any

import yaml

from skms.config import DEFAULT_CONTENT
from skms.plugin.build import BuildResult, build_site

REPO_ROOT = Path(__file__).parent.parent

MKDOCS_YML = """\
site_name: Test base{site_url}
theme:
  name: material
  font: false
  features:
    - content.code.copy
plugins:{plugins_before}
  - skms{options}
"""

# The default layout, as the core defines it: kind -> folder.
FOLDERS = {kind: folder for folder, kind in DEFAULT_CONTENT.items()}


def record(kind: str, body: str = "", *, stem: str | None = None, **front: Any) -> tuple[str, str]:
    """(path, text) of a record file; `stem` defaults to the id."""
    path = f"{FOLDERS[kind]}/{stem or front['id']}.md"
    text = "---\n" + yaml.safe_dump(front, sort_keys=False, allow_unicode=True) + "---\n" + body
    return path, text


def small_base() -> list[tuple[str, str]]:
    """A service, a runbook, a problem and a review that link to each other, all public."""
    return [
        record(
            "service",
            "The checkout service.\n",
            id="checkout",
            title="Checkout",
            tier="gold",
            team="team-checkout",
            visibility="public",
        ),
        record(
            "runbook",
            "## Meaning\nErrors.\n\n## Impact\nCustomers cannot pay.\n\n"
            "## Diagnosis\n```sh\nkubectl logs deploy/checkout\n```\n\n## Mitigation\nRoll back.\n",
            id="checkout-errors",
            title="Checkout error rate high",
            service="checkout",
            alerts=["CheckoutErrorRateHigh"],
            visibility="public",
        ),
        record(
            "problem",
            "## Description\nThe pool is unbounded; seen in INC-0001.\n",
            id="PRB-0001",
            stem="PRB-0001-pool",
            title="Connection pool exhaustion",
            status="known-error",
            services=["checkout"],
            workaround="Restart the pods one at a time.",
            opened="2026-03-04T12:00:00Z",
            visibility="public",
        ),
        record(
            "review",
            "## Summary\nCheckout failed; see [[checkout-errors]] and PRB-0001.\n",
            id="INC-0001",
            stem="INC-0001-outage",
            title="Checkout outage",
            status="draft",
            severity="SEV2",
            services=["checkout"],
            problems=["PRB-0001"],
            runbooks=["checkout-errors"],
            started="2026-03-04T10:00:00Z",
            detected="2026-03-04T10:05:00Z",
            acknowledged="2026-03-04T10:07:00Z",
            mitigated="2026-03-04T10:40:00Z",
            resolved="2026-03-04T11:00:00Z",
            visibility="public",
        ),
    ]


def write_base(
    root: Path,
    records: list[tuple[str, str]],
    *,
    options: str = "",
    docs: dict[str, str] | None = None,
    site_url: str = "",
    plugins_before: str = "",
) -> Path:
    """Write mkdocs.yml, a docs folder and the records; return the mkdocs.yml path.

    `plugins_before` names a plugin listed before `skms` (such as Material's `search`)."""
    root.mkdir(parents=True, exist_ok=True)
    text = MKDOCS_YML.format(
        options=options,
        site_url=f"\nsite_url: {site_url}" if site_url else "",
        plugins_before=f"\n  - {plugins_before}" if plugins_before else "",
    )
    (root / "mkdocs.yml").write_text(text, encoding="utf-8")
    pages = {"about.md": "# About\n\nA hand-written page.\n"} if docs is None else docs
    (root / "docs").mkdir(exist_ok=True)
    for name, text in pages.items():
        (root / "docs" / name).parent.mkdir(parents=True, exist_ok=True)
        (root / "docs" / name).write_text(text, encoding="utf-8")
    for rel, text in records:
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root / "mkdocs.yml"


def build(root: Path, records: list[tuple[str, str]], **kwargs: Any) -> Path:
    """Write a base and build it; return the site folder."""
    options = kwargs.pop("options", "")
    docs = kwargs.pop("docs", None)
    site_url = kwargs.pop("site_url", "")
    before = kwargs.pop("plugins_before", "")
    config = write_base(
        root, records, options=options, docs=docs, site_url=site_url, plugins_before=before
    )
    result: BuildResult = build_site(config, site_dir=root / "site", **kwargs)
    return result.site_dir


def page(site: Path, url: str) -> str:
    """The HTML of the page at a URL path like `reviews/INC-0001-outage/`."""
    return (site / url / "index.html").read_text(encoding="utf-8")


def article(html: str) -> str:
    """The page's content, without the theme's header, navigation and footer."""
    m = re.search(r'<article class="md-content__inner md-typeset"[^>]*>(.*?)</article>', html, re.S)
    assert m, "no article element"
    return m.group(1)


def hrefs(html: str) -> list[str]:
    return re.findall(r'href="([^"]*)"', html)


def pagefind_text(path: Path) -> str:
    """A file of the Pagefind index as text: its index, fragment and filter files are gzipped."""
    data = path.read_bytes()
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    return data.decode("utf-8", errors="replace")


def output_files(site: Path) -> list[Path]:
    """Every file the build wrote, theme assets excluded (they are the same for any base)."""
    return sorted(
        p for p in site.rglob("*") if p.is_file() and "assets" not in p.relative_to(site).parts[:1]
    )
