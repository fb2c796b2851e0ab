"""The `skms` command: small click commands over the core."""

from __future__ import annotations

import gc
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click

from . import __version__, clock
from .config import ConfigError, SkmsConfig, load_config
from .diagnostics import FORMATTERS, Diagnostics, Severity, format_text
from .load.visibility import public_refusal
from .pipeline import load_knowledge_base

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2

config_option = click.option(
    "-f",
    "--config-file",
    default="mkdocs.yml",
    show_default=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="The mkdocs.yml whose `skms` plugin entry configures the knowledge base.",
)


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while the command loads the knowledge base.

    Loading makes a great many small objects and no reference cycles, so every automatic
    collection rescans a growing heap for nothing. Only this command-line process does this,
    and it restores the collector after; the library never touches it.

    On the way out, what the load made is moved to the oldest generation (`freeze`, then
    `unfreeze` at once: nothing stays frozen); left young, all of it would be scanned by the
    first collection after the pause, about 0.3 s at 10,000 records.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        gc.unfreeze()
        if enabled:
            gc.enable()


def _config(config_file: Path) -> SkmsConfig:
    try:
        return load_config(config_file)
    except ConfigError as exc:
        click.echo(f"skms: error SKMS501 {exc}", err=True)
        sys.exit(EXIT_USAGE)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="skms")
def main() -> None:
    """Service knowledge management: reviews, problems, runbooks and services as one site."""
    try:
        clock.fixed_today()
    except clock.ClockError as exc:
        click.echo(f"skms: error: {exc}", err=True)
        sys.exit(EXIT_USAGE)


def report(diags: Diagnostics, fmt: str, strict: bool) -> int:
    """Print diagnostics in a format; return the exit code they call for."""
    items = list(diags)
    out = FORMATTERS[fmt](items)
    if out:
        click.echo(out)
    errors = sum(1 for d in items if d.severity is Severity.ERROR)
    warnings = len(items) - errors
    if fmt == "text":
        click.echo(f"{errors} error(s), {warnings} warning(s)", err=True)
    if errors or (strict and warnings):
        return EXIT_FINDINGS
    return EXIT_OK


@main.command()
@config_option
@click.option("--strict", is_flag=True, help="Fail on warnings too.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(sorted(FORMATTERS)),
    default="text",
    show_default=True,
    help="text for people, github for pull-request annotations, json for tools.",
)
@click.option(
    "--changed-since", metavar="REF", help="Report only on files changed since this git ref."
)
def check(config_file: Path, strict: bool, fmt: str, changed_since: str | None) -> None:
    """Validate every record and every reference; exit 1 on errors."""
    config = _config(config_file)
    paths = None
    if changed_since:
        from .git.diff import changed_files

        try:
            paths = changed_files(config.root, changed_since)
        except ValueError as exc:
            click.echo(f"skms: {exc}", err=True)
            sys.exit(EXIT_USAGE)
        if _relative(config_file.resolve(), config.root) in paths:
            paths = None  # a changed configuration can change the verdict on every record
    with collector_paused():
        kb = load_knowledge_base(config, audience="all", focus=paths)
    diags = kb.diagnostics
    if paths is not None:
        from .prcheck import focused_diagnostics

        diags = focused_diagnostics(kb, paths)
    sys.exit(report(diags, fmt, strict))


def _relative(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


@main.command()
@config_option
@click.option("-o", "--output", default="-", show_default=True, help="File to write, - for stdout.")
@click.option(
    "--audience",
    type=click.Choice(["public", "internal", "all"]),
    default=None,
    help="Which records to include (default: the configured audience).",
)
def export(config_file: Path, output: str, audience: str | None) -> None:
    """Write every record with its links and backlinks as JSON."""
    from .export import dumps

    config = _config(config_file)
    with collector_paused():
        kb = load_knowledge_base(config, audience=audience)
    refusal = public_refusal(kb.diagnostics) if kb.graph.audience == "public" else None
    if refusal:
        click.echo(f"skms: error: {refusal}; nothing was written", err=True)
        sys.exit(1)
    text = dumps(kb.graph, git=kb.git, config=config)
    if output == "-":
        click.echo(text, nl=False)
    else:
        Path(output).write_text(text, encoding="utf-8")
        click.echo(f"wrote {len(kb.graph)} records to {output}", err=True)


@main.command(name="new")
@click.argument(
    "kind", type=click.Choice(["review", "problem", "runbook", "service", "readiness", "article"])
)
@click.option("--title", required=True, help="What happened or what it is about, in a few words.")
@click.option(
    "--service", help="Id of the service it is about (review, problem, runbook, readiness)."
)
@click.option("--severity", help="Review severity (default: the middle of the scale, SEV3).")
@click.option(
    "--tier", help="Service tier gold|silver|bronze, or release tier gold|silver for readiness."
)
@click.option(
    "--id", "record_id", help="Use this id instead of the next free one (or the title's slug)."
)
@config_option
def new(
    kind: str,
    title: str,
    service: str | None,
    severity: str | None,
    tier: str | None,
    record_id: str | None,
    config_file: Path,
) -> None:
    """Write a new record from its template with the next free id; print its path."""
    from .scaffold import ScaffoldError, create, display_path

    config = _config(config_file)
    try:
        written = create(
            config, kind, title, service=service, severity=severity, tier=tier, record_id=record_id
        )
    except ScaffoldError as exc:
        click.echo(f"skms new: {exc}", err=True)
        sys.exit(EXIT_USAGE)
    click.echo(display_path(written.path))


@main.command(name="import")
@click.argument("source", type=click.Path(exists=True, path_type=Path))
@click.option(
    "--kind",
    type=click.Choice(["auto", "runbook", "review", "problem", "article"]),
    default="auto",
    show_default=True,
    help="What the files are; auto tells by folder names, front matter and headings.",
)
@click.option("--service", help="Service id of imported runbooks (else their folder's name).")
@click.option("--severity", help="Severity of imported reviews whose source states none.")
@click.option("--in-place", is_flag=True, help="Add front matter to the files where they are.")
@click.option("--dry-run", is_flag=True, help="Report what would be written; write nothing.")
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@config_option
def import_(
    source: Path,
    kind: str,
    service: str | None,
    severity: str | None,
    in_place: bool,
    dry_run: bool,
    fmt: str,
    config_file: Path,
) -> None:
    """Import existing runbooks and postmortems as records; report what each file gave."""
    from .importer import ImportOptions, ImportUsageError, format_json, format_text, run_import

    config = _config(config_file)
    options = ImportOptions(kind, service, severity, in_place, dry_run)
    try:
        result = run_import(config, source, options)
    except ImportUsageError as exc:
        click.echo(f"skms import: {exc}", err=True)
        sys.exit(EXIT_USAGE)
    click.echo(format_json(result) if fmt == "json" else format_text(result))
    sys.exit(EXIT_OK if result.ok else EXIT_FINDINGS)


@main.command()
@config_option
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
def alerts(config_file: Path, fmt: str) -> None:
    """List the alert rules with their runbooks, and the runbook_url each should have."""
    from .alertrules import alert_table, format_alerts_json, format_alerts_text

    config = _config(config_file)
    if not config.alert_rules:
        click.echo(
            "skms alerts: no `alert_rules` in the skms options; list your Prometheus rule "
            "files there (e.g. alert_rules: [prometheus/*.yml])",
            err=True,
        )
        sys.exit(EXIT_USAGE)
    kb = load_knowledge_base(config, audience="all", git=False)
    assert kb.alert_rules is not None
    rows = alert_table(config, kb.alert_rules, kb.records, config.site_url)
    fmt_rows = format_alerts_json if fmt == "json" else format_alerts_text
    click.echo(fmt_rows(rows, kb.alert_rules))
    errors = [d for d in kb.diagnostics.errors if d.code == "SKMS605"]
    for d in errors:
        click.echo(f"{d.location()}: error {d.code} {d.message}", err=True)
    sys.exit(EXIT_FINDINGS if errors else EXIT_OK)


audience_option = click.option(
    "--audience",
    type=click.Choice(["public", "internal", "all"]),
    default=None,
    help="Which records the site contains (default: the configured audience).",
)


@main.command()
@config_option
@click.option("--strict", is_flag=True, help="Fail on warnings too (skms's and MkDocs').")
@audience_option
@click.option(
    "-d", "--site-dir", type=click.Path(file_okay=False, path_type=Path), help="Output folder."
)
@click.option("-q", "--quiet", is_flag=True, help="Print errors and the summary only.")
def build(
    config_file: Path, strict: bool, audience: str | None, site_dir: Path | None, quiet: bool
) -> None:
    """Build the site with MkDocs; print the findings as `skms check` does; exit 1 on errors."""
    from .plugin.build import SiteError, build_site, setup_logging

    _config(config_file)  # the skms options and the content folders: exit 2 when unusable
    setup_logging(verbose=not quiet)
    if not config_file.is_file():
        click.echo(f"skms: error SKMS501 {config_file}: config file not found", err=True)
        sys.exit(EXIT_USAGE)
    try:
        result = build_site(config_file, audience=audience, site_dir=site_dir)
    except SiteError as exc:
        if exc.configuration:
            click.echo(f"skms: error SKMS501 {exc}", err=True)
            sys.exit(EXIT_USAGE)
        click.echo(f"skms build: {exc}", err=True)
        sys.exit(EXIT_FINDINGS)
    items = list(result.diagnostics)
    errors = [d for d in items if d.severity is Severity.ERROR]
    shown = errors if quiet else items
    if shown:
        click.echo(format_text(shown))
    # Findings about records this audience does not see would name them: counted only.
    withheld = result.withheld
    errors += [d for d in withheld if d.severity is Severity.ERROR]
    if withheld:
        click.echo(
            f"skms: {len(withheld)} finding(s) about records this build does not publish are "
            "not printed: run `skms check` to read them",
            err=True,
        )
    items += withheld
    summary = f"{len(errors)} error(s), {len(items) - len(errors)} warning(s)"
    if result.mkdocs_warnings:
        summary += f", {len(result.mkdocs_warnings)} MkDocs warning(s)"
    click.echo(f"skms: {result.pages} record pages in {result.site_dir}; {summary}", err=True)
    failing = errors or (strict and (len(items) > len(errors) or result.mkdocs_warnings))
    sys.exit(EXIT_FINDINGS if failing else EXIT_OK)


@main.command()
@config_option
@audience_option
@click.option(
    "-a", "--dev-addr", metavar="IP:PORT", help="Address to serve on (default 127.0.0.1:8000)."
)
@click.option("--strict", is_flag=True, help="Fail on skms errors and MkDocs warnings.")
def serve(config_file: Path, audience: str | None, dev_addr: str | None, strict: bool) -> None:
    """Preview the site, rebuilding when a record or page changes."""
    from .plugin.build import serve_site, setup_logging

    setup_logging()
    serve_site(config_file, dev_addr=dev_addr, audience=audience, strict=strict)
