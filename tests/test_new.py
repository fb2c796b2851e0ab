"""`skms new`: a record from its template, the next free id, a slugged name, and clean refusals."""

from __future__ import annotations

import os
import resource
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner, Result

from conftest import run_check
from skms.cli import main
from skms.config import load_config
from skms.load import load
from skms.scaffold import yaml_scalar
from skms.slugs import slugify


@pytest.fixture(autouse=True)
def in_kb(kb: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(kb)
    monkeypatch.setenv("SKMS_TODAY", "2026-03-20")


def new(*args: str) -> Result:
    return CliRunner().invoke(main, ["new", *args])


def files(kb: Path) -> set[str]:
    return {p.relative_to(kb).as_posix() for p in kb.rglob("*") if p.is_file()}


def front_matter(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])


# The fixture base holds INC-0001, PRB-0001, RDY-0001, KB-0001, services checkout and payments.
NEW_RECORDS = [
    (["review", "--title", "Checkout payment errors", "--service", "checkout", "--severity", "SEV2"],
     "reviews/INC-0002-checkout-payment-errors.md"),
    (["problem", "--title", "Retries without jitter", "--service", "payments"],
     "knowledge/problems/PRB-0002-retries-without-jitter.md"),
    (["runbook", "--title", "Payments PSP timeouts", "--service", "payments"],
     "runbooks/payments-psp-timeouts.md"),
    (["service", "--title", "Order events", "--tier", "silver"], "knowledge/services/order-events.md"),
    (["readiness", "--title", "One-page checkout", "--service", "checkout", "--tier", "gold"],
     "knowledge/readiness/RDY-0002-one-page-checkout.md"),
    (["article", "--title", "How we write runbooks"], "knowledge/articles/KB-0002-how-we-write-runbooks.md"),
]  # fmt: skip


@pytest.mark.parametrize(("args", "expected"), NEW_RECORDS, ids=[a[0] for a, _ in NEW_RECORDS])
def test_a_new_record_is_written_where_its_kind_lives_and_passes_strict_check(
    kb: Path, args: list[str], expected: str
) -> None:
    result = new(*args)
    assert result.exit_code == 0, result.output
    assert result.stdout == f"{expected}\n"
    assert (kb / expected).is_file()
    run = run_check(kb, "--strict")
    assert run.exit_code == 0, run.output
    assert run.diagnostics == []


@pytest.mark.parametrize("args", [a for a, _ in NEW_RECORDS], ids=[a[0] for a, _ in NEW_RECORDS])
def test_every_kind_without_optional_options_still_passes_strict_check(
    kb: Path, args: list[str]
) -> None:
    minimal = args[:3] + (
        ["--service", args[args.index("--service") + 1]] if args[0] == "runbook" else []
    )
    assert new(*minimal).exit_code == 0
    run = run_check(kb, "--strict")
    assert run.diagnostics == []


def test_the_review_is_filled_from_the_options(kb: Path) -> None:
    new(
        "review",
        "--title",
        "Checkout payment errors",
        "--service",
        "checkout",
        "--severity",
        "sev2",
    )
    meta = front_matter(kb / "reviews/INC-0002-checkout-payment-errors.md")
    assert meta["id"] == "INC-0002"
    assert meta["title"] == "Checkout payment errors"
    assert meta["status"] == "draft"
    assert meta["severity"] == "SEV2"
    assert meta["services"] == ["checkout"]


def test_a_review_without_severity_gets_the_middle_of_the_scale(kb: Path) -> None:
    new("review", "--title", "Slow search")
    assert front_matter(kb / "reviews/INC-0002-slow-search.md")["severity"] == "SEV3"


def test_the_next_id_follows_the_highest_existing_one_not_the_count(kb: Path) -> None:
    text = (kb / "reviews/INC-0001-outage.md").read_text(encoding="utf-8")
    (kb / "reviews/INC-0041-later.md").write_text(
        text.replace("INC-0001", "INC-0041"), encoding="utf-8"
    )
    result = new("review", "--title", "Another outage")
    assert result.stdout == "reviews/INC-0042-another-outage.md\n"


def test_the_first_record_of_a_kind_in_an_empty_base_is_number_one(tmp_path: Path) -> None:
    (tmp_path / "mkdocs.yml").write_text("site_name: t\nplugins:\n  - skms\n", encoding="utf-8")
    result = new("review", "--title", "First", "-f", str(tmp_path / "mkdocs.yml"))
    assert result.exit_code == 0, result.output
    assert (tmp_path / "reviews/INC-0001-first.md").is_file()


def test_a_title_with_colons_and_quotes_stays_valid_yaml(kb: Path) -> None:
    title = "Checkout: \"payment\" errors # after 'deploy' - 50% down"
    result = new("review", "--title", title)
    assert result.exit_code == 0, result.output
    assert front_matter(kb / result.stdout.strip())["title"] == title
    assert run_check(kb, "--strict").diagnostics == []


def test_a_non_ascii_title_is_kept_and_transliterated_in_the_file_name(kb: Path) -> None:
    result = new("review", "--title", "Zahlungsausfälle bei Überweisungen – Straße")
    assert result.stdout == "reviews/INC-0002-zahlungsausfalle-bei-uberweisungen-strasse.md\n"
    meta = front_matter(kb / result.stdout.strip())
    assert meta["title"] == "Zahlungsausfälle bei Überweisungen – Straße"
    assert run_check(kb, "--strict").diagnostics == []


def test_a_title_with_no_latin_letters_names_the_file_by_its_id(kb: Path) -> None:
    result = new("review", "--title", "決済エラー")
    assert result.exit_code == 0, result.output
    assert result.stdout == "reviews/INC-0002.md\n"
    assert front_matter(kb / "reviews/INC-0002.md")["title"] == "決済エラー"


def test_a_slug_id_that_cannot_be_made_from_the_title_asks_for_an_id(kb: Path) -> None:
    before = files(kb)
    result = new("service", "--title", "決済")
    assert result.exit_code == 2
    assert "pass one with --id" in result.stderr
    assert files(kb) == before


def test_a_long_title_is_cut_at_a_word_boundary_in_the_file_name() -> None:
    slug = slugify(
        "Orders were stuck unconfirmed for two hours on Black Friday after a broker failover"
    )
    assert len(slug) <= 60
    assert slug == "orders-were-stuck-unconfirmed-for-two-hours-on-black-friday"


def test_an_explicit_id_is_used(kb: Path) -> None:
    result = new("review", "--title", "Imported", "--id", "INC-0100")
    assert result.stdout == "reviews/INC-0100-imported.md\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["review", "--title", "Again", "--id", "INC-0001"],
         "id 'INC-0001' already exists: reviews/INC-0001-outage.md"),
        (["service", "--title", "Checkout"],
         "id 'checkout' already exists: knowledge/services/checkout.md"),
        (["runbook", "--title", "x", "--id", "checkout", "--service", "checkout"],
         "id 'checkout' already exists: knowledge/services/checkout.md"),
    ],
)  # fmt: skip
def test_an_id_that_exists_is_refused(kb: Path, args: list[str], message: str) -> None:
    before = files(kb)
    result = new(*args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert files(kb) == before


@pytest.mark.parametrize("title", ["", "   ", "!!!", "— ? …", "#"])
def test_an_empty_or_punctuation_only_title_is_refused(kb: Path, title: str) -> None:
    before = files(kb)
    result = new("review", "--title", title)
    assert result.exit_code == 2
    assert "has no letters or digits" in result.stderr
    assert files(kb) == before


def test_an_unknown_kind_is_refused(kb: Path) -> None:
    before = files(kb)
    result = new("postmortem", "--title", "Outage")
    assert result.exit_code == 2
    assert "'postmortem' is not one of" in result.stderr
    assert files(kb) == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["review", "--title", "x", "--id", "INC-42"], "does not match the review id pattern"),
        (["review", "--title", "x", "--severity", "SEV9"], "--severity 'SEV9' is not allowed"),
        (["review", "--title", "x", "--service", "chekout"], "unknown service 'chekout'; did you mean 'checkout'?"),
        (["runbook", "--title", "x"], "a runbook needs --service (one of checkout, payments)"),
        (["service", "--title", "x", "--tier", "platinum"], "--tier 'platinum' is not allowed for a service"),
        (["readiness", "--title", "x", "--tier", "bronze"], "--tier 'bronze' is not allowed for a readiness"),
        (["article", "--title", "x", "--severity", "SEV1"], "--severity does not apply to a article"),
    ],
)  # fmt: skip
def test_bad_option_values_are_refused_with_what_would_be_right(
    kb: Path, args: list[str], message: str
) -> None:
    before = files(kb)
    result = new(*args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert files(kb) == before


@pytest.fixture
def read_only_reviews(kb: Path):
    folder = kb / "reviews"
    if os.geteuid() != 0:
        folder.chmod(0o555)
        yield folder
        folder.chmod(0o755)
        return
    # Root ignores permission bits; the immutable attribute stops root too.
    if shutil.which("chattr") is None or subprocess.run(["chattr", "+i", str(folder)]).returncode:
        pytest.skip("running as root without chattr +i: cannot make a folder read-only")
    yield folder
    subprocess.run(["chattr", "-i", str(folder)], check=True)


def test_a_folder_that_is_not_writable_is_refused_cleanly(
    kb: Path, read_only_reviews: Path
) -> None:
    before = files(kb)
    result = new("review", "--title", "Outage")
    assert result.exit_code == 2
    assert result.stderr.startswith("skms new: cannot write ")
    assert "reviews/INC-0002-outage.md" in result.stderr
    assert files(kb) == before


def test_a_content_folder_that_cannot_be_created_is_refused_cleanly(tmp_path: Path) -> None:
    (tmp_path / "mkdocs.yml").write_text("site_name: t\nplugins:\n  - skms\n", encoding="utf-8")
    (tmp_path / "reviews").write_text("not a folder", encoding="utf-8")
    result = new("review", "--title", "Outage", "-f", str(tmp_path / "mkdocs.yml"))
    assert result.exit_code == 2
    assert "cannot write" in result.stderr
    assert (tmp_path / "reviews").read_text(encoding="utf-8") == "not a folder"


def test_a_write_that_fails_half_way_leaves_no_partial_file(kb: Path) -> None:
    # A file size limit makes the real write fail (EFBIG), as a full disk would.
    def limit_file_size() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (512, 512))

    result = subprocess.run(
        [sys.executable, "-m", "skms", "new", "review", "--title", "Outage"],
        cwd=kb,
        capture_output=True,
        text=True,
        preexec_fn=limit_file_size,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
    )
    assert result.returncode == 2, result.stderr
    assert "cannot write" in result.stderr
    assert not list((kb / "reviews").glob("INC-0002*"))


def test_a_team_template_overrides_the_built_in_one(kb: Path) -> None:
    templates = kb / ".skms" / "templates"
    templates.mkdir(parents=True)
    (templates / "article.md").write_text(
        "---\nid: {{ id }}\ntitle: {{ title | yaml }}\nowner: team-sre\n---\n\n# {{ title }}\n\nOur house style.\n",
        encoding="utf-8",
    )
    result = new("article", "--title", "On-call handbook")
    text = (kb / result.stdout.strip()).read_text(encoding="utf-8")
    assert "Our house style." in text
    assert front_matter(kb / result.stdout.strip())["owner"] == "team-sre"


def test_the_templates_dir_option_points_at_the_team_templates(kb: Path) -> None:
    (kb / "mkdocs.yml").write_text(
        (kb / "mkdocs.yml")
        .read_text(encoding="utf-8")
        .replace("  - skms\n", "  - skms:\n      templates_dir: ops/templates\n"),
        encoding="utf-8",
    )
    (kb / "ops/templates").mkdir(parents=True)
    (kb / "ops/templates/article.md").write_text(
        "---\nid: {{ id }}\ntitle: {{ title | yaml }}\n---\nFrom ops.\n", encoding="utf-8"
    )
    result = new("article", "--title", "Paging policy")
    assert (kb / result.stdout.strip()).read_text(encoding="utf-8").endswith("From ops.\n")


@pytest.mark.parametrize(
    ("template", "message"),
    [
        ("---\nid: {{ id }}\ntitle: {{ title }}\n---\n", "is not valid YAML"),
        ("---\ntitle: {{ title | yaml }}\n---\n", "must set `id: {{ id }}`"),
        ("---\nid: {{ id }}\ntitle: {{ titel }}\n---\n", "'titel' is undefined"),
        ("---\nid: {{ id }\n---\n", "template error"),
    ],
)
def test_a_broken_team_template_is_refused_without_writing(
    kb: Path, template: str, message: str
) -> None:
    (kb / ".skms/templates").mkdir(parents=True)
    (kb / ".skms/templates/article.md").write_text(template, encoding="utf-8")
    before = files(kb)
    result = new("article", "--title", "Paging: policy")
    assert result.exit_code == 2
    assert message in result.stderr
    assert files(kb) == before


def test_the_review_template_guides_the_author_without_counting_as_content(kb: Path) -> None:
    result = new("review", "--title", "Outage")
    path = kb / result.stdout.strip()
    text = path.read_text(encoding="utf-8")
    for heading in ("Summary", "Impact", "Timeline", "Contributing factors", "What went well",
                    "What was difficult", "Lessons"):  # fmt: skip
        assert f"\n## {heading}\n" in text
    assert "blameless" in text.lower()
    assert "owner:" in text and "due:" in text  # the action-item example
    # The example contributing factors are guidance, not factors: a review marked reviewed
    # straight from the template is reported as having none.
    path.write_text(text.replace("status: draft", "status: reviewed"), encoding="utf-8")
    messages = [d["message"] for d in run_check(kb).find("SKMS301")]
    assert (
        "a reviewed review needs at least one contributing factor: `## Contributing factors` "
        "has no bullet list"
    ) in messages


def test_the_readiness_template_follows_the_service_readiness_template(kb: Path) -> None:
    result = new("readiness", "--title", "One-page checkout", "--tier", "gold")
    text = (kb / result.stdout.strip()).read_text(encoding="utf-8")
    sections = [
        "## High Level Description", "## Key Dates and Times", "## New Contacts",
        "## Release Plan", "## Risks", "## Test and Training Plan", "## Rollback Plan",
        "## Observability", "## Hypercare Activities", "## Status Key", "## Checklist",
        "### 1.0 Communications",
        "### 2.0 Information Security, Data Protection and Compliance",
        "### 3.0 Incident Management", "### 4.0 Service and Supplier Management",
        "### 5.0 Stakeholder Awareness",
    ]  # fmt: skip
    positions = [text.index(s) for s in sections]
    assert positions == sorted(positions)
    assert "out of hours" in text
    meta = front_matter(kb / result.stdout.strip())
    assert meta["release_tier"] == "gold"
    assert set(meta["checklist"]) == {
        "communications", "security_compliance", "incident_management", "service_supplier",
        "stakeholder_awareness",
    }  # fmt: skip
    [record] = [r for r in load(load_config(kb / "mkdocs.yml")).records if r.id == "RDY-0002"]
    assert record.meta.checklist.communications.status == "not-started"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("checkout", "checkout"),
        ("Checkout payment errors", "Checkout payment errors"),
        ("a: b", '"a: b"'),
        ("yes", '"yes"'),
        ("2026-03-04", '"2026-03-04"'),
        ("42", '"42"'),
        ("#1 issue", '"#1 issue"'),
        ('say "hi"', '"say \\"hi\\""'),
        (None, ""),
        (["checkout", "a: b"], '[checkout, "a: b"]'),
    ],
)
def test_values_are_quoted_for_yaml_only_when_needed(value: object, expected: str) -> None:
    assert yaml_scalar(value) == expected
    if value is not None:
        assert yaml.safe_load(f"k: {expected}")["k"] == value
