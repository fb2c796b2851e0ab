"""One import run: read every source file, map it, choose ids and files, write atomically.

Two passes: the first maps every file (so that a Hugo `ref` to another imported file can be
resolved whatever the order), the second picks ids and targets and writes. A file that
cannot be mapped is reported and nothing of it is written; the others go ahead.
"""

from __future__ import annotations

import os
import re
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import yaml

from .. import clock
from ..config import SkmsConfig
from ..load import load
from ..load.files import MARKDOWN_SUFFIXES
from ..model import Record
from ..scaffold import (
    ScaffoldError,
    content_folder,
    display_path,
    next_id,
    render,
    write_new,
)
from ..slugs import slugify
from .mapping import Context, Draft, MappingError, guess_kind, map_article, map_problem
from .report import FileReport, ImportReport
from .review import map_review, parse_severity
from .runbook import map_runbook
from .source import SourceError, read_document
from .times import TimeError, iso

IMPORT_KINDS = ("runbook", "review", "problem", "article")
MAPPERS = {
    "runbook": map_runbook,
    "review": map_review,
    "problem": map_problem,
    "article": map_article,
}
# A folder's index page (Hugo's `_index.md`, a README) describes the folder, not a record.
INDEX_PAGES = {"_index.md", "index.md", "readme.md", "_index.markdown", "readme.markdown"}
# The order contract fields are written in; anything else follows.
FIELD_ORDER = (
    "id", "title", "status", "severity", "service", "services", "alerts", "started", "detected",
    "acknowledged", "mitigated", "resolved", "detection", "impact", "root_cause", "workaround",
    "problems", "action_items", "authors", "last_reviewed", "review_every", "owner", "tags",
    "visibility",
)  # fmt: skip


class ImportUsageError(Exception):
    """The command line cannot be acted on; the CLI exits 2."""


@dataclass
class ImportOptions:
    kind: str = "auto"  # runbook | review | problem | article | auto
    service: str | None = None
    severity: str | None = None
    in_place: bool = False
    dry_run: bool = False


def run_import(config: SkmsConfig, source: Path, options: ImportOptions) -> ImportReport:
    """Import the markdown files under `source` (a folder or one file) into the base."""
    if options.kind != "auto" and options.kind not in IMPORT_KINDS:
        raise ImportUsageError(f"--kind {options.kind!r}: one of {', '.join(IMPORT_KINDS)}, auto")
    if not source.exists():
        raise ImportUsageError(f"{source}: no such file or folder")
    # Resolved once: paths below it are then real paths without a system call per file.
    source = source.resolve()
    records = load(config).records
    ctx = Context(
        config,
        services={r.id for r in records if r.kind == "service"},
        problems={r.id for r in records if r.kind == "problem"},
        service=_service_option(config, options.service),
        severity=_severity_option(config, options.severity),
        bases=content_bases(config),
    )
    imported = {
        str(r.front_matter.get("imported_from")): r
        for r in records
        if isinstance(r.front_matter, dict) and r.front_matter.get("imported_from")
    }
    taken = {r.id for r in records}
    by_path = {r.abs_path.resolve(): r for r in records} if options.in_place else {}
    reports: list[FileReport] = []
    drafts: list[Draft] = []
    for path, rel in _source_files(source):
        report = FileReport(display_path(path))
        reports.append(report)
        try:
            draft = _map(config, ctx, source, path, rel, report, options)
        except (SourceError, MappingError, TimeError) as exc:
            report.errors.append(str(exc))
            continue
        if draft is not None:
            drafts.append(draft)
    service_reports = _plan_services(config, ctx, drafts, taken, options)
    last_ids: dict[str, str] = {}
    for draft in drafts:
        try:
            _place(config, draft, imported, by_path, taken, options, last_ids)
        except MappingError as exc:
            draft.report.errors.append(str(exc))
    placed = [d for d in drafts if not d.report.errors]
    _resolve_refs(placed, source, imported)
    for draft in placed:
        _write(config, draft, imported, options)
    return ImportReport(service_reports + reports, options.dry_run)


def _service_option(config: SkmsConfig, service: str | None) -> str | None:
    if service is None:
        return None
    if not config.id_regex("service").match(service):
        raise ImportUsageError(
            f"--service {service!r} is not a service id (lower-case words joined by hyphens)"
        )
    return service


def _severity_option(config: SkmsConfig, severity: str | None) -> str | None:
    if severity is None:
        return None
    parsed = parse_severity(severity, list(config.severities))
    if parsed is None:
        raise ImportUsageError(
            f"--severity {severity!r} is not allowed; one of {', '.join(config.severities)}"
        )
    return parsed[0]


def _source_files(source: Path) -> list[tuple[Path, str]]:
    if source.is_file():
        return [(source, source.name)]
    out = []
    for dirpath, dirnames, filenames in os.walk(source):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if name.lower().endswith(MARKDOWN_SUFFIXES) and not name.startswith("."):
                path = Path(dirpath) / name
                out.append((path, path.relative_to(source).as_posix()))
    return out


def content_bases(config: SkmsConfig) -> list[tuple[str, str, str]]:
    """(folder, kind, resolved path + separator) of each content folder, longest first."""
    return [
        (folder, kind, str((config.root / folder).resolve()) + os.sep)
        for folder, kind in sorted(config.content.items(), key=lambda x: -len(x[0]))
    ]


def _content_kind(bases: list[tuple[str, str, str]], path: Path) -> tuple[str, str] | None:
    """(folder, kind) of the content folder a file is in, if any."""
    resolved = str(path)  # below the resolved SOURCE
    for folder, kind, base in bases:
        if resolved.startswith(base):
            return folder, kind
    return None


def _map(
    config: SkmsConfig,
    ctx: Context,
    source: Path,
    path: Path,
    rel: str,
    report: FileReport,
    options: ImportOptions,
) -> Draft | None:
    in_content = _content_kind(ctx.bases, path)
    if options.in_place and in_content is None:
        raise MappingError(
            "--in-place needs the file inside a content folder; add its folder to `content` "
            "in the skms options (e.g. `old-runbooks: runbook`) or import without --in-place"
        )
    if not options.in_place and in_content is not None:
        raise MappingError(
            f"already inside the content folder {in_content[0]}/; use --in-place to add "
            "front matter to it where it is"
        )
    if options.kind == "auto" and Path(rel).name.lower() in INDEX_PAGES:
        report.action = "skipped"
        report.kept.append(
            "a folder's index page, not a record; import it with --kind article if it is one"
        )
        return None
    doc = read_document(path, rel)
    if options.kind != "auto":
        kind = options.kind
        report.find("kind", kind, "--kind")
    elif options.in_place:
        kind = in_content[1]  # type: ignore[index]
        report.find("kind", kind, f"the content folder {in_content[0]}/")  # type: ignore[index]
    else:
        guessed = guess_kind(doc, source.parts)
        if guessed is None:
            raise MappingError(
                "cannot tell what kind of record this is; pass --kind runbook, review, "
                "problem or article"
            )
        kind, how, where, text = guessed
        if how == "found":
            report.find("kind", kind, where)
        else:
            report.guess("kind", kind, where, text)
    if options.in_place and in_content and in_content[1] != kind:
        raise MappingError(
            f"--in-place: {in_content[0]}/ holds {in_content[1]} records, not {kind} records"
        )
    if kind not in MAPPERS:
        raise MappingError(f"{kind} records cannot be imported; write them with `skms new {kind}`")
    report.kind = kind
    draft = Draft(doc, kind, report)
    draft.origin = _imported_from(config, path)
    MAPPERS[kind](draft, ctx)
    return draft


def _imported_from(config: SkmsConfig, path: Path) -> str:
    return Path(os.path.relpath(path, config.root)).as_posix()


def _plan_services(
    config: SkmsConfig,
    ctx: Context,
    drafts: list[Draft],
    taken: set[str],
    options: ImportOptions,
) -> list[FileReport]:
    """Service records for the services runbooks name that the base lacks (`skms new service`)."""
    wanted: dict[str, str] = {}
    for draft in drafts:
        for sid, where in draft.new_services.items():
            wanted.setdefault(sid, where)
    reports = []
    for sid, where in sorted(wanted.items()):
        report = FileReport(where, kind="service", id=sid)
        reports.append(report)
        if sid in taken:
            report.errors.append(f"the id {sid!r} is taken by a record that is not a service")
            continue
        target = content_folder(config, "service") / f"{sid}.md"
        report.target = _rel(config, target)
        if where == "--service":
            report.find("service", sid, "--service")
        else:
            report.guess("service", sid, "the runbooks' folder", where)
        report.fill_in.append(
            "tier: bronze, as `skms new service` writes it, until the team says gold or silver"
        )
        report.fill_in.append("team, owner and the rest of the service page")
        today = clock.today()
        context = {
            "id": sid, "kind": "service", "title": where.rstrip("/").rsplit("/", 1)[-1]
            if where != "--service" and "front matter" not in where else sid,
            "slug": sid, "today": today.isoformat(), "now": f"{today.isoformat()}T00:00:00Z",
            "service": None, "services": [], "severity": None,
            "severities": list(config.severities), "tier": "bronze",
        }  # fmt: skip
        try:
            text = render(config, "service", context)
            if not options.dry_run:
                write_new(target, text)
        except ScaffoldError as exc:
            report.errors.append(str(exc))
            continue
        report.action = "created"
        taken.add(sid)
        ctx.services.add(sid)
    return reports


def _rel(config: SkmsConfig, path: Path) -> str:
    try:
        return path.relative_to(config.root).as_posix()
    except ValueError:
        return path.as_posix()


def _place(
    config: SkmsConfig,
    draft: Draft,
    imported: dict[str, Record],
    by_path: dict[Path, Record],
    taken: set[str],
    options: ImportOptions,
    last_ids: dict[str, str],
) -> None:
    """Choose the record's id and file: the earlier import's, the file itself, or new ones."""
    origin = draft.origin
    previous = imported.get(origin)
    if options.in_place:
        previous = previous or by_path.get(draft.doc.path)
    if previous is not None and previous.kind == draft.kind:
        draft.record_id = previous.id
        draft.target = previous.abs_path
        return
    if options.in_place:
        draft.target = draft.doc.path
        declared = draft.doc.meta.get("id")
        if isinstance(declared, str) and config.id_regex(draft.kind).match(declared):
            draft.record_id = declared
            taken.add(declared)
            return
    kind = draft.kind
    if kind == "runbook":
        base = slugify(draft.slug_hint) or slugify(str(draft.fields.get("title", "")))
        candidates = [base]
        if draft.fields.get("service") and not base.startswith(str(draft.fields["service"])):
            candidates.append(f"{draft.fields['service']}-{base}")
        candidates += [f"{base}-{n}" for n in range(2, 100)]
        for candidate in candidates:
            if candidate and candidate not in taken and config.id_regex(kind).match(candidate):
                record_id = candidate
                break
        else:
            raise MappingError(f"cannot make a runbook id from the title {draft.slug_hint!r}")
        name = f"{record_id}.md"
    else:
        record_id = _next_free(config, kind, taken, last_ids)
        slug = slugify(str(draft.fields.get("title", "")))
        name = f"{record_id}-{slug}.md" if slug else f"{record_id}.md"
    taken.add(record_id)
    draft.record_id = record_id
    if draft.target is None:
        try:
            draft.target = content_folder(config, kind) / name
        except ScaffoldError as exc:
            raise MappingError(str(exc)) from None


def _next_free(config: SkmsConfig, kind: str, taken: set[str], last_ids: dict[str, str]) -> str:
    """The next free numbered id: one above the highest of the kind (INC-0042 -> INC-0043).

    The highest is found once per kind and run; later ids count on from it (a scan of every
    id per file would make an import quadratic)."""
    last = last_ids.get(kind)
    if last is None:
        try:
            candidate = next_id(config, kind, taken)
        except ScaffoldError as exc:
            raise MappingError(str(exc)) from None
    else:
        m = re.fullmatch(r"(.*?)(\d+)", last)
        assert m is not None
        candidate = f"{m.group(1)}{int(m.group(2)) + 1:0{len(m.group(2))}d}"
        if candidate in taken or not config.id_regex(kind).match(candidate):
            candidate = next_id(config, kind, taken)
    last_ids[kind] = candidate
    return candidate


_REF_LINK = re.compile(
    r"\[(?P<text>[^\]]*)\]\(\s*\{\{[<%]\s*(?:rel)?ref\s+\"(?P<target>[^\"]+)\"\s*[%>]\}\}\s*\)"
)
_REF_BARE = re.compile(r"\{\{[<%]\s*(?:rel)?ref\s+\"(?P<target>[^\"]+)\"\s*[%>]\}\}")
# A plain markdown link to another markdown file of the source tree.
_MD_LINK = re.compile(
    r"(?<!!)\[(?P<text>[^\]]*)\]\((?P<target>(?![a-z]+:|/|#)[^)\s]+?\.(?:md|markdown)(?:#[^)\s]*)?)\)"
)


def _resolve_refs(drafts: list[Draft], source: Path, imported: dict[str, Record]) -> None:
    """Hugo `{{< ref "x.md" >}}` links become `[[id|text]]` links to the imported record."""
    by_rel: dict[str, str] = {}
    by_name: dict[str, list[str]] = {}
    for draft in drafts:
        key = _ref_key(draft.doc.rel)
        by_rel[key] = draft.record_id  # type: ignore[assignment]
        by_name.setdefault(key.rsplit("/", 1)[-1], []).append(draft.record_id)  # type: ignore[arg-type]

    def lookup(draft: Draft, target: str) -> str | None:
        path = target.split("#", 1)[0]
        folder = Path(draft.doc.rel).parent.as_posix()
        for key in (
            _ref_key(os.path.normpath(os.path.join(folder, path))),
            _ref_key(path.lstrip("/")),
        ):
            if key in by_rel:
                return by_rel[key]
        names = by_name.get(_ref_key(path).rsplit("/", 1)[-1], [])
        return names[0] if len(names) == 1 else None

    for draft in drafts:
        for i, line in enumerate(draft.lines):
            if line is None or draft.doc.code[i] or ("ref" not in line and ".md" not in line):
                continue

            def link(m: re.Match[str], draft: Draft = draft, i: int = i) -> str:
                rid = lookup(draft, m.group("target"))
                if rid is None:
                    draft.report.fill_in.append(
                        f"line {draft.doc.line_no(i)}: {m.group(0)!r} points at "
                        f"{m.group('target')!r}, which this import does not hold; kept as written"
                    )
                    return m.group(0)
                text = m.groupdict().get("text")
                draft.report.guess(
                    "link", f"[[{rid}]]", "a link to another file", m.group(0), draft.doc.line_no(i)
                )
                return f"[[{rid}|{text}]]" if text else f"[[{rid}]]"

            line = _REF_LINK.sub(link, line)
            line = _REF_BARE.sub(link, line)
            draft.lines[i] = _MD_LINK.sub(link, line)


def _ref_key(path: str) -> str:
    path = path.replace("\\", "/").strip("/").lower()
    for suffix in MARKDOWN_SUFFIXES:
        if path.endswith(suffix):
            path = path[: -len(suffix)]
    if path.endswith("/_index") or path.endswith("/index"):
        path = path.rsplit("/", 1)[0]
    return path


class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
    """Writes timestamps as ISO 8601 (`2026-03-04T10:15:00Z`), not PyYAML's spaced form."""


def _datetime(dumper: yaml.SafeDumper, value: datetime) -> yaml.Node:
    text = iso(value) if value.tzinfo else value.isoformat()
    return dumper.represent_scalar("tag:yaml.org,2002:timestamp", text)


_Dumper.add_representer(datetime, _datetime)


def front_matter_text(fields: dict[str, Any]) -> str:
    return yaml.dump(
        fields,
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=10_000,
    )


def _compose(draft: Draft, origin: str, previous: dict[str, Any] | None) -> str:
    fields: dict[str, Any] = {"id": draft.record_id}
    for key in FIELD_ORDER:
        if key in draft.fields:
            fields[key] = draft.fields[key]
    for key, value in draft.fields.items():
        fields.setdefault(key, value)
    for key, value in draft.meta_kept.items():
        fields.setdefault(key, value)
    if previous:
        # What a person filled in since the last import stays, unless the source now says it.
        for key, value in previous.items():
            if key == "imported_from":
                continue
            if key not in fields or (key in draft.defaulted and value not in (None, "")):
                fields[key] = value
    fields["imported_from"] = origin
    body = draft.body.strip("\n")
    return "---\n" + front_matter_text(fields) + "---\n\n" + (body + "\n" if body else "")


def _write(
    config: SkmsConfig, draft: Draft, imported: dict[str, Record], options: ImportOptions
) -> None:
    report = draft.report
    assert draft.target is not None and draft.record_id is not None
    origin = draft.origin
    report.id = draft.record_id
    report.target = _rel(config, draft.target)
    previous = None
    existing_text = None
    if draft.target.exists():
        existing_text = draft.target.read_text(encoding="utf-8", errors="replace")
        record = imported.get(origin)
        if record is not None or options.in_place:
            previous = record.front_matter if record is not None else None
    try:
        text = _compose(draft, origin, previous if isinstance(previous, dict) else None)
    except yaml.YAMLError as exc:
        report.errors.append(f"a front-matter value cannot be written as YAML: {exc}")
        return
    if existing_text is not None and existing_text == text:
        report.action = "unchanged"
        return
    if existing_text is not None and not options.in_place and origin not in imported:
        report.errors.append(f"{report.target} already exists and was not imported from here")
        return
    report.action = "updated" if existing_text is not None else "created"
    if options.dry_run:
        return
    try:
        if existing_text is None:
            write_new(draft.target, text)
        else:
            replace(draft.target, text)
    except (ScaffoldError, OSError) as exc:
        report.action = "error"
        report.errors.append(str(exc))


def replace(target: Path, text: str) -> None:
    """Write `text` over `target` atomically: a reader sees the old file or the new, never half."""
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".skms-import-", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        if target.exists():
            os.chmod(tmp, target.stat().st_mode & 0o777)
        os.replace(tmp, target)
    finally:
        Path(tmp).unlink(missing_ok=True)


__all__ = ["ImportOptions", "ImportUsageError", "run_import", "replace"]
