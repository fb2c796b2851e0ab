"""Hostile input: what a careless author or an attacker can put in the repository.

Content comes from the repository only, visibility fails closed, no input gives a traceback,
names cannot take another page's address, and secrets are reported, never printed.
One knowledge base full of traps is built three times (internal, all, public) and checked.
"""

from __future__ import annotations

import gzip
import json
import logging
import os
from pathlib import Path

import git
import pytest
from click.testing import CliRunner

from conftest import run_check
from gitrepos import clear_git_env
from sitekit import output_files, page, small_base, write_base
from skms.cli import main
from skms.config import load_config
from skms.pipeline import load_knowledge_base

OUTSIDE = "OUTSIDE-THE-REPOSITORY-7f3a"
LONG = "A" * 300
SECRET_KEY = "AKIAIOSFODNN7EXAMPLE"  # AWS's documented example key
GOOD_PASSWORD = "Xk9mQ2vLp8zR4wTq"


def fm(**lines: str) -> str:
    return "---\n" + "".join(f"{k}: {v}\n" for k, v in lines.items()) + "---\n"


def article(rid: str, extra: str = "", body: str = "Body.\n") -> str:
    """An article whose front matter is given line by line: line 2 is `id`, line 3 `title`."""
    return f"---\nid: {rid}\ntitle: Article {rid} marker-{rid}\n{extra}---\n{body}"


# Each of these says `public` somewhere, in a way that cannot be trusted (default: public).
UNTRUSTED = {
    "KB-0101": ("visibility: Restricted\n", 4),
    "KB-0102": ("visibility: [restricted]\n", 4),
    "KB-0103": ("visibility: 'restricted '\n", 4),
    "KB-0104": ("visibility: restricted\nvisibility: public\n", 4),
    "KB-0105": ("Visibility: restricted\n", 4),
    "KB-0106": ("visibilty: restricted\n", 4),
    "KB-0107": ("visibility: public\nbroken: [unclosed\n", 1),
    "KB-0108": ("visibility:\n", 4),
}


def hostile_records(outside: Path) -> list[tuple[str, str]]:
    records = list(small_base())
    for rid, (extra, _line) in UNTRUSTED.items():
        records.append((f"knowledge/articles/{rid}.md", article(rid, extra)))
    records.append(("knowledge/articles/KB-0109.md", "# Article KB-0109 marker-KB-0109\n"))
    records += [
        (
            "reviews/INC-0901-dates.md",
            "---\nid: INC-0901\ntitle: Impossible dates\nstarted: 2026-02-30T10:00:00Z\n"
            "detected: 2026-13-01\nmitigated: 2026-03-01T25:61:00Z\nvisibility: public\n---\n",
        ),
        (
            "reviews/INC-0777-hidden.md",
            fm(id="INC-0777", title="Hidden review", visibility="restricted"),
        ),
        (
            "reviews/INC-0902-echo.md",
            "---\nid: INC-0902\ntitle: INC-0777\nvisibility: public\n"
            "action_items:\n  - title: INC-0777\n---\n",
        ),
        (
            "knowledge/services/echo.md",
            "---\nid: echo\ntitle: Echo\ntier: bronze\nvisibility: public\n"
            "repos:\n  - name: INC-0777\n---\n",
        ),
        (
            "reviews/INC-0903-deep.md",
            "---\nid: INC-0903\ntitle: Deep\nvisibility: public\nnested:\n"
            + "".join("  " * (i + 1) + "k:\n" for i in range(300))
            + "  " * 301
            + "v\n---\nStill here.\n",
        ),
        (
            "reviews/index.md",
            fm(id="INC-0904", title="Named index", visibility="public", tags="[index]"),
        ),
        (
            "runbooks/index.html.md",
            "---\nid: index-html\ntitle: Index html\nservice: checkout\nvisibility: public\n"
            f"alerts: [index.html, index, {LONG}, HighCPU, highcpu]\n"
            f"tags: [index, {'t' * 300}]\n---\n",
        ),
        (
            "reviews/INC-0905-set.md",
            "---\nid: INC-0905\ntitle: Set\nvisibility: public\n"
            "tags: !!set {kilo, juliet, india, hotel, golf, foxtrot, echo, delta, charlie, bravo}\n"
            "---\n",
        ),
        (
            "reviews/INC-0906-dup.md",
            "---\nid: INC-0906\ntitle: Dup\nvisibility: public\naction_items:\n"
            "  - title: One\n    status: open\n    status: done\n---\n",
        ),
        ("knowledge/articles/KB-0200-case.md", article("KB-0200", "visibility: public\n")),
        ("knowledge/articles/kb-0200-CASE.md", article("KB-0201", "visibility: public\n")),
        (
            "knowledge/articles/KB-0300-secrets.md",
            article(
                "KB-0300",
                f'visibility: public\ndb_password: "{GOOD_PASSWORD}"\n',
                f"Found {SECRET_KEY} in the logs.\n"
                "Connect to postgres://admin:S3cr3tP4ss@db.internal/app\n"
                "The password is rotated every week; the secret store keys too.\n"
                "Example key AKIAIOSFODNN7EXAMPLF <!-- pragma: allowlist secret -->\n",
            ),
        ),
    ]
    return records


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("trust")
    outside = tmp / "elsewhere"
    outside.mkdir()
    (outside / "leak.md").write_text(fm(id="leak", title=OUTSIDE, visibility="public") + OUTSIDE)
    (outside / "notes").mkdir()
    (outside / "notes/KB-0400.md").write_text(fm(id="KB-0400", title=OUTSIDE) + OUTSIDE)
    root = tmp / "kb"
    config = write_base(
        root, hostile_records(outside), options=":\n      default_visibility: public"
    )
    (root / "runbooks/leak.md").symlink_to(outside / "leak.md")
    (root / "runbooks/hostname.md").symlink_to("/etc/hostname")
    (root / "runbooks/environ.md").symlink_to("/proc/self/environ")
    (root / "knowledge/articles/notes").symlink_to(outside / "notes")
    (root / "reviews/up").symlink_to("..")
    (root / "knowledge/articles/alias.md").symlink_to(root / "knowledge/articles/KB-0200-case.md")
    os.mkfifo(root / "runbooks/pipe.md")
    (root / os.fsdecode(b"knowledge/articles/KB-0500-caf\xe9.md")).write_text(
        article("KB-0500", "visibility: public\n")
    )
    return config.parent


@pytest.fixture(scope="module")
def check(base: Path):
    return run_check(base)


BUILD_LOG: list[str] = []  # what the internal build logged


@pytest.fixture(scope="module")
def internal(base: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    from skms.plugin.build import build_site

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            BUILD_LOG.append(record.getMessage())

    handler = Collect()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    try:
        site = tmp_path_factory.mktemp("internal")
        return build_site(base / "mkdocs.yml", site_dir=site).site_dir
    finally:
        logger.removeHandler(handler)


@pytest.fixture(scope="module")
def everything(base: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    from skms.plugin.build import build_site

    site = tmp_path_factory.mktemp("all")
    return build_site(base / "mkdocs.yml", site_dir=site, audience="all").site_dir


def diag(check, code: str, path: str) -> list[dict]:
    return [d for d in check.find(code) if d["path"] == path]


def all_text(site: Path) -> str:
    parts = []
    for path in output_files(site):
        raw = path.read_bytes()
        if path.suffix == ".gz":
            raw = gzip.decompress(raw)
        parts.append(raw.decode("utf-8", "replace"))
    return "\n".join(parts)


# --- content comes from the repository only -----------------------------------------------


def test_symlinks_leading_outside_the_repository_are_reported_and_never_read(
    check, internal: Path, everything: Path
) -> None:
    for link in ("runbooks/leak.md", "runbooks/hostname.md", "runbooks/environ.md"):
        assert diag(check, "SKMS009", link), link
    assert diag(check, "SKMS009", "knowledge/articles/notes")
    for site in (internal, everything):
        text = all_text(site)
        assert OUTSIDE not in text
        assert "HOSTNAME=" not in text and "PATH=" not in text
        assert not (site / "runbooks/environ").exists()
    assert OUTSIDE not in check.output


def test_a_link_back_up_the_tree_is_not_read_twice(check, everything: Path) -> None:
    assert diag(check, "SKMS007", "reviews/up")
    data = json.loads((everything / "records.json").read_text(encoding="utf-8"))
    paths = [r["path"] for r in data["records"]]
    assert not [p for p in paths if p.startswith("reviews/up/")]
    assert len(paths) == len(set(paths))
    # A link to a record inside the base does not make it a second record.
    assert "knowledge/articles/alias.md" not in paths


def test_special_files_are_never_opened(check) -> None:
    # Reading the FIFO would block the check forever; it is reported instead.
    assert diag(check, "SKMS010", "runbooks/pipe.md")


# --- visibility fails closed --------------------------------------------------------------


@pytest.mark.parametrize("rid", sorted(UNTRUSTED))
def test_untrusted_visibility_is_an_error_and_the_record_is_restricted(
    rid: str, check, internal: Path, everything: Path
) -> None:
    found = diag(check, "SKMS211", f"knowledge/articles/{rid}.md")
    assert found and found[0]["line"] == UNTRUSTED[rid][1], found
    assert not (internal / f"articles/{rid}").exists()
    assert f"marker-{rid}" not in all_text(internal)
    assert (everything / f"articles/{rid}/index.html").is_file()


def test_a_file_without_front_matter_is_restricted(check, internal: Path) -> None:
    assert diag(check, "SKMS211", "knowledge/articles/KB-0109.md")
    assert "marker-KB-0109" not in all_text(internal)


def test_a_record_whose_front_matter_cannot_be_read_shows_its_banner_in_an_all_build(
    everything: Path,
) -> None:
    assert "skms-banner--broken" in page(everything, "articles/KB-0107")


def test_a_public_build_stops_on_a_visibility_it_cannot_establish(
    base: Path, tmp_path: Path
) -> None:
    result = CliRunner().invoke(
        main,
        [
            "build",
            "-q",
            "--audience",
            "public",
            "-f",
            str(base / "mkdocs.yml"),
            "-d",
            str(tmp_path),
        ],
    )
    assert result.exit_code == 1
    assert "knowledge/articles/KB-0101.md" in result.output and "SKMS211" in result.output


def test_a_public_export_stops_on_a_visibility_it_cannot_establish(
    base: Path, tmp_path: Path
) -> None:
    out = tmp_path / "records.json"
    args = ["export", "-f", str(base / "mkdocs.yml"), "-o", str(out)]
    result = CliRunner().invoke(main, [*args, "--audience", "public"])
    assert result.exit_code == 1
    assert "knowledge/articles/KB-0101.md" in result.output and "SKMS211" in result.output
    assert not out.exists()
    # An internal export leaves those records out (they are restricted) and goes on.
    assert CliRunner().invoke(main, [*args, "--audience", "internal"]).exit_code == 0
    assert out.is_file() and "KB-0101" not in out.read_text(encoding="utf-8")


def test_a_key_written_twice_is_reported_on_its_second_line(check) -> None:
    assert [d["line"] for d in diag(check, "SKMS210", "reviews/INC-0906-dup.md")] == [8]
    assert [d["line"] for d in diag(check, "SKMS210", "knowledge/articles/KB-0104.md")] == [5]


# --- configuration ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "yml",
    [
        "docs_dir: docs\nplugins:\n  - skms:\n      content: {docs/reviews: review}\n",
        "docs_dir: knowledge\nplugins:\n  - skms\n",
        "plugins:\n  - skms:\n      ids: {review: 'INC-(\\d+)+'}\n",
    ],
    ids=["content-in-docs", "docs-is-content", "backtracking-id-pattern"],
)
def test_unsafe_configuration_is_refused_with_exit_2(tmp_path: Path, yml: str) -> None:
    (tmp_path / "mkdocs.yml").write_text("site_name: x\n" + yml, encoding="utf-8")
    (tmp_path / "docs").mkdir()
    for command in (["check"], ["build", "-q", "-d", str(tmp_path / "site")]):
        result = CliRunner().invoke(main, [*command, "-f", str(tmp_path / "mkdocs.yml")])
        assert result.exit_code == 2, (command, result.output)
        assert "SKMS501" in result.output
    assert not (tmp_path / "site").exists()


# --- no traceback from any input ----------------------------------------------------------


def test_impossible_dates_are_diagnostics_with_their_lines(check, internal: Path) -> None:
    lines = {d["line"] for d in diag(check, "SKMS204", "reviews/INC-0901-dates.md")}
    assert lines == {4, 5, 6}
    assert (internal / "reviews/INC-0901-dates/index.html").is_file()


def test_a_title_that_is_a_hidden_id_does_not_break_the_build_or_leak_it(
    base: Path, tmp_path: Path, internal: Path
) -> None:
    assert (internal / "reviews/INC-0902-echo/index.html").is_file()
    assert "INC-0777" not in page(internal, "reviews/INC-0902-echo")
    assert "INC-0777" not in page(internal, "services/echo")
    result = CliRunner().invoke(
        main, ["export", "--audience", "internal", "-f", str(base / "mkdocs.yml")]
    )
    assert result.exit_code == 0, result.output
    assert "INC-0777" not in result.stdout


def test_front_matter_nested_hundreds_deep_is_dropped_with_its_line(check, internal: Path) -> None:
    assert [d["line"] for d in diag(check, "SKMS005", "reviews/INC-0903-deep.md")] == [5]
    assert "Still here." in page(internal, "reviews/INC-0903-deep")


def test_a_file_name_that_is_not_utf8_is_published_and_reported(check, internal: Path) -> None:
    name = "knowledge/articles/KB-0500-caf\ufffd.md"
    assert diag(check, "SKMS012", name)
    assert (internal / "articles/KB-0500-caf\ufffd/index.html").is_file()


def test_reserved_and_overlong_names_get_their_own_pages(internal: Path) -> None:
    reviews = page(internal, "reviews")
    assert "<h1" in reviews and "Named index" in reviews  # the index is the index, not the record
    assert 'href="None"' not in all_text(internal)
    record_pages = [p for p in (internal / "reviews").iterdir() if p.name.startswith("index-")]
    assert len(record_pages) == 1 and "Named index" in (record_pages[0] / "index.html").read_text()
    alerts = [p.name for p in (internal / "alerts").iterdir() if p.is_dir()]
    assert "index" not in alerts and "index.html" not in alerts
    assert any(a.startswith("index-") for a in alerts)
    assert any(a.startswith("index.html-") for a in alerts)
    assert all(len(name.encode()) <= 200 for p in internal.rglob("*") for name in [p.name])
    assert any(a.startswith("AAAA") for a in alerts)
    tags = [p.name for p in (internal / "tags").iterdir() if p.is_dir()]
    assert any(t.startswith("index-") for t in tags)


def test_renamed_and_case_colliding_names_are_warned_by_name(internal: Path, check) -> None:
    text = "\n".join(BUILD_LOG)
    assert "alert name 'index'" in text and "alert name 'index.html'" in text
    assert "reviews/index.md: the file name cannot be an address" in text
    assert "only in case" in text and "alerts/highcpu" in text.lower()
    alerts = {p.name.lower() for p in (internal / "alerts").iterdir() if p.is_dir()}
    assert "highcpu" in alerts and "highcpu-2" in alerts
    assert diag(check, "SKMS011", "knowledge/articles/kb-0200-CASE.md")


def test_a_yaml_set_is_published_in_sorted_order(everything: Path) -> None:
    data = json.loads((everything / "records.json").read_text(encoding="utf-8"))
    tags = next(r["fields"]["tags"] for r in data["records"] if r["id"] == "INC-0905")
    assert tags == sorted(tags) and len(tags) == 10


def test_a_non_utf8_file_name_committed_to_git_does_not_break_check(tmp_path: Path) -> None:
    clear_git_env()
    root = tmp_path / "kb"
    write_base(root, small_base(), options=":\n      repos:\n        - {name: kb, path: .}")
    name = os.fsdecode(b"reviews/INC-0600-caf\xe9.md")
    (root / name).write_text(fm(id="INC-0600", title="Cafe", visibility="public"))
    repo = git.Repo.init(root)
    repo.git.add(A=True)
    repo.git.commit("-m", "Records with INC-0600", "--author", "A <a@example.com>")
    result = run_check(root)
    assert result.exit_code in (0, 1), result.output
    assert "Traceback" not in result.output
    assert result.find("SKMS012")


# --- secrets ------------------------------------------------------------------------------


def test_secrets_are_errors_with_their_lines_and_never_printed(check) -> None:
    found = diag(check, "SKMS701", "knowledge/articles/KB-0300-secrets.md")
    assert {d["line"] for d in found} == {5, 7, 8}  # front matter password, AWS key, URL password
    for secret in (SECRET_KEY, GOOD_PASSWORD, "S3cr3tP4ss"):
        assert secret not in check.output
    assert all("characters)" in d["message"] for d in found)


def test_the_secret_scan_is_part_of_check_and_ignores_prose(base: Path) -> None:
    kb = load_knowledge_base(load_config(base / "mkdocs.yml"), audience="all", git=False)
    lines = [d.line for d in kb.diagnostics if d.code == "SKMS701"]
    assert 9 not in lines and 10 not in lines  # prose about passwords; the allowlisted line


# --- exit codes ---------------------------------------------------------------------------


def test_build_exits_2_on_an_unusable_configuration(tmp_path: Path) -> None:
    config = write_base(tmp_path, small_base(), options=":\n      audience: everyone")
    result = CliRunner().invoke(main, ["build", "-q", "-f", str(config)])
    assert result.exit_code == 2, result.output


def test_build_exits_0_on_a_clean_base(tmp_path: Path) -> None:
    config = write_base(tmp_path, small_base())
    site = tmp_path / "site"
    result = CliRunner().invoke(main, ["build", "-q", "-f", str(config), "-d", str(site)])
    assert result.exit_code == 0, result.output
    assert (site / "reviews/INC-0001-outage/index.html").is_file()
