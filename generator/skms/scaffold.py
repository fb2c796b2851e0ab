"""`skms new`: write a new record from a template, with the next free id and a slugged name.

The built-in templates live in `skms/scaffold/<kind>.md`; a team overrides one with a file
`<templates_dir>/<kind>.md` in its own repository (default `.skms/templates`). Templates are
Jinja2 without autoescaping (the output is markdown); values substituted into front matter
go through the `yaml` filter so that a title such as `Checkout: "payment" errors` stays
valid YAML.
"""

from __future__ import annotations

import difflib
import json
import os
import re
import tempfile
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, time, timezone
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2
import yaml

from . import clock
from .config import SkmsConfig
from .kinds import KINDS, SPECS
from .load import load
from .load.frontmatter import split_front_matter
from .model import Record
from .slugs import slugify

DEFAULT_TEMPLATES_DIR = ".skms/templates"

# Which kinds each option applies to; giving one to another kind is a usage error, not a
# silently ignored value.
OPTION_KINDS = {
    "service": ("review", "problem", "runbook", "readiness"),
    "severity": ("review",),
    "tier": ("service", "readiness"),
}


class ScaffoldError(Exception):
    """The record cannot be written; nothing was left behind. The CLI exits 2."""


@dataclass(frozen=True)
class NewRecord:
    """What `skms new` wrote."""

    id: str
    kind: str
    path: Path  # absolute


def yaml_scalar(value: Any) -> str:
    """A YAML value for a template: plain when that reads back unchanged, else quoted."""
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(yaml_scalar(v) for v in value) + "]"
    text = str(value)
    if re.fullmatch(r"[A-Za-z0-9][\w .()/+-]*", text) and not text.endswith(" "):
        try:
            if yaml.safe_load(text) == text:
                return text
        except yaml.YAMLError:
            pass
    # A JSON string is a valid YAML double-quoted scalar.
    return json.dumps(text, ensure_ascii=False)


def create(
    config: SkmsConfig,
    kind: str,
    title: str,
    *,
    service: str | None = None,
    severity: str | None = None,
    tier: str | None = None,
    record_id: str | None = None,
) -> NewRecord:
    """Write a new record of `kind` and return where; raise ScaffoldError on bad input."""
    if kind not in KINDS:
        raise ScaffoldError(f"unknown kind {kind!r}; one of {', '.join(KINDS)}")
    title = " ".join(title.split())
    if not any(unicodedata.category(c)[0] in "LN" for c in title):
        raise ScaffoldError(
            f"title {title!r} has no letters or digits; give a title that says what happened, "
            'e.g. --title "Checkout payment errors"'
        )
    for name, value in (("service", service), ("severity", severity), ("tier", tier)):
        if value is not None and kind not in OPTION_KINDS[name]:
            raise ScaffoldError(f"--{name} does not apply to a {kind}")
    folder = content_folder(config, kind)
    # Ids and kinds are all that is needed: read as far as the ids (fast on a large base).
    records = load(config, focus=set()).records
    by_id = {r.id: r for r in records}

    slug = slugify(title)
    record_id = _choose_id(config, kind, record_id, slug, title, by_id, records)
    today = clock.today()
    now = datetime.now(timezone.utc)
    if now.date() != today:  # a fixed day (SKMS_TODAY): midnight of it, not the real clock
        now = datetime.combine(today, time(), tzinfo=timezone.utc)
    service = _check_service(kind, service, records)
    context = {
        "id": record_id,
        "kind": kind,
        "title": title,
        "slug": slug,
        "today": today.isoformat(),
        "now": now.strftime("%Y-%m-%dT%H:%M:00Z"),
        "service": service,
        "services": [service] if service else [],
        "severity": _check_severity(config, severity),
        "severities": list(config.severities),
        "tier": _check_tier(kind, tier),
    }
    text = render(config, kind, context)
    name = f"{record_id}.md" if SPECS[kind].slug_id or not slug else f"{record_id}-{slug}.md"
    target = folder / name
    write_new(target, text)
    return NewRecord(record_id, kind, target)


def content_folder(config: SkmsConfig, kind: str) -> Path:
    """The folder new records of a kind go in: the default one when several are configured."""
    folders = [folder for folder, k in sorted(config.content.items()) if k == kind]
    if not folders:
        raise ScaffoldError(f"no content folder is configured for {kind} records (skms.content)")
    defaults = [f for f in folders if f in ("reviews", "runbooks") or f.startswith("knowledge/")]
    folder = config.root / (defaults or folders)[0]
    root = os.path.realpath(config.root)
    real = os.path.realpath(folder)
    if real != root and not real.startswith(root + os.sep):
        # The loader reads content from the knowledge base's folder only: a record written
        # there would be invisible to skms, and its id could repeat one already taken.
        raise ScaffoldError(
            f"the {kind} folder {(defaults or folders)[0]} lies outside the knowledge base (the "
            "folder of the config file), where skms does not read records; move the folder "
            "under it, or put the config file in a folder above both"
        )
    return folder


def render(config: SkmsConfig, kind: str, context: dict[str, Any]) -> str:
    """The template for `kind` (the team's own if it has one) filled with `context`."""
    team_dir = config.root / (config.templates_dir or DEFAULT_TEMPLATES_DIR)
    builtin = resources.files("skms") / "scaffold"
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(
            [jinja2.FileSystemLoader(str(team_dir)), jinja2.FileSystemLoader(str(builtin))]
        ),
        autoescape=False,  # markdown, not HTML; front-matter values go through `| yaml`
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["yaml"] = yaml_scalar
    try:
        template = env.get_template(f"{kind}.md")
    except jinja2.TemplateSyntaxError as exc:
        raise ScaffoldError(f"{exc.filename}:{exc.lineno}: template error: {exc.message}") from None
    where = display_path(template.filename) if template.filename else f"{kind}.md"
    try:
        text = template.render(context)
    except jinja2.TemplateError as exc:
        raise ScaffoldError(f"{where}: template error: {exc}") from None
    _check_rendered(text, context["id"], where)
    return text


def write_new(target: Path, text: str) -> None:
    """Create `target` with `text`; never overwrite, never leave a partial file behind.

    The text goes to a temporary file in the same folder first, which is then linked to its
    name (atomic, and fails rather than overwrite): readers and a failed write never see half
    a record.
    """
    folder = target.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise ScaffoldError(
            f"cannot write {display_path(target)}: {display_path(folder)} is a file, not a folder"
        ) from None
    except OSError as exc:
        raise ScaffoldError(
            f"cannot write {display_path(target)}: cannot create {display_path(folder)}: {exc.strerror or exc}"
        ) from None
    try:
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".skms-new-", suffix=".tmp")
    except OSError as exc:
        raise ScaffoldError(f"cannot write {display_path(target)}: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        try:
            os.link(tmp, target)
        except FileExistsError:
            raise ScaffoldError(
                f"{display_path(target)}: file already exists; not overwritten"
            ) from None
        except OSError:
            # A file system without hard links: check, then rename (a narrow race, no partial file).
            if target.exists():
                raise ScaffoldError(
                    f"{display_path(target)}: file already exists; not overwritten"
                ) from None
            os.replace(tmp, target)
    except OSError as exc:
        raise ScaffoldError(f"cannot write {display_path(target)}: {exc.strerror or exc}") from None
    finally:
        Path(tmp).unlink(missing_ok=True)


# --- choosing and checking values --------------------------------------------------------


def _choose_id(
    config: SkmsConfig,
    kind: str,
    wanted: str | None,
    slug: str,
    title: str,
    by_id: dict[str, Record],
    records: list[Record],
) -> str:
    pattern = config.ids[kind]
    if wanted is not None:
        wanted = wanted.strip()
        if not config.id_regex(kind).match(wanted):
            raise ScaffoldError(f"--id {wanted!r} does not match the {kind} id pattern {pattern!r}")
        _check_free(wanted, by_id)
        return wanted
    if SPECS[kind].slug_id:
        if not slug:
            raise ScaffoldError(
                f"cannot make a {kind} id from the title {title!r}; pass one with --id, e.g. --id checkout"
            )
        if not config.id_regex(kind).match(slug):
            raise ScaffoldError(
                f"the title's slug {slug!r} does not match the {kind} id pattern {pattern!r}; pass --id"
            )
        _check_free(slug, by_id)
        return slug
    if config.kind_of_tracker(kind):
        # The ids are the tracker's tickets: the next number is someone else's issue.
        raise ScaffoldError(
            f"{kind} ids are tickets of your tracker ({pattern}): pass the ticket's id with --id"
        )
    return next_id(config, kind, (r.id for r in records))


def next_id(config: SkmsConfig, kind: str, ids: Iterable[str]) -> str:
    """One more than the highest id of that kind (INC-0042 -> INC-0043), INC-0001 for the first."""
    pattern = config.ids[kind]
    m = re.fullmatch(
        r"(?P<prefix>[A-Za-z0-9_]+(?:-[A-Za-z0-9_]+)*-?)\\d(?:\{(?P<width>\d+),?\d*\}|\+)?", pattern
    )
    if not m:
        raise ScaffoldError(
            f"cannot pick the next id for the {kind} id pattern {pattern!r}; pass --id"
        )
    prefix = m.group("prefix")
    width = int(m.group("width") or 4)
    numbered = re.compile(rf"{re.escape(prefix)}(\d+)\Z")
    numbers = [int(n.group(1)) for i in ids if (n := numbered.match(i))]
    candidate = f"{prefix}{max(numbers, default=0) + 1:0{width}d}"
    if not config.id_regex(kind).match(candidate):
        raise ScaffoldError(
            f"cannot pick the next id for the {kind} id pattern {pattern!r}; pass --id"
        )
    return candidate


def _check_free(record_id: str, by_id: dict[str, Record]) -> None:
    existing = by_id.get(record_id)
    if existing is not None:
        raise ScaffoldError(
            f"id {record_id!r} already exists: {existing.path} (a {existing.kind}); "
            "choose another with --id"
        )


def _check_service(kind: str, service: str | None, records: list[Record]) -> str | None:
    services = sorted(r.id for r in records if r.kind == "service")
    if service is None:
        if kind == "runbook":
            known = (
                f"one of {', '.join(services)}"
                if services
                else "create one first with `skms new service`"
            )
            raise ScaffoldError(f"a runbook needs --service ({known})")
        return None
    if service not in services:
        close = difflib.get_close_matches(service, services, n=1)
        hint = (
            f"did you mean {close[0]!r}?"
            if close
            else (
                f"known services: {', '.join(services)}"
                if services
                else "create it first with `skms new service`"
            )
        )
        raise ScaffoldError(f"unknown service {service!r}; {hint}")
    return service


def _check_severity(config: SkmsConfig, severity: str | None) -> str:
    scale = list(config.severities)
    if severity is None:
        # Required even in a draft; the middle of the scale until the review agrees one.
        return scale[(len(scale) - 1) // 2]
    for allowed in scale:
        if severity.strip().lower() == allowed.lower():
            return allowed
    raise ScaffoldError(f"--severity {severity!r} is not allowed; one of {', '.join(scale)}")


def _check_tier(kind: str, tier: str | None) -> str | None:
    if not SPECS[kind].tiers:
        return None
    allowed = SPECS[kind].tiers
    if tier is None:
        # Required; the lowest tier until the team says otherwise (gold is a commitment).
        return allowed[-1]
    if tier.strip().lower() not in allowed:
        raise ScaffoldError(
            f"--tier {tier!r} is not allowed for a {kind}; one of {', '.join(allowed)}"
        )
    return tier.strip().lower()


def _check_rendered(text: str, record_id: str, template: str) -> None:
    """A team template must still produce front matter that parses and carries the id."""
    front, _body, _line = split_front_matter(text)
    if front is None:
        raise ScaffoldError(
            f"{template}: the template does not start with front matter (`---` lines)"
        )
    try:
        data = yaml.safe_load(front)
    except yaml.YAMLError as exc:
        raise ScaffoldError(f"{template}: the filled template is not valid YAML: {exc}") from None
    if not isinstance(data, dict) or str(data.get("id")) != record_id:
        raise ScaffoldError(
            f"{template}: the template must set `id: {{{{ id }}}}` in its front matter"
        )


def display_path(path: Path | str) -> str:
    """`path` relative to the working directory when it is below it, else absolute."""
    try:
        return Path(path).relative_to(Path.cwd()).as_posix()
    except ValueError:
        return str(path)
