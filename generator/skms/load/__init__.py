"""The load stage: every markdown file under the content folders becomes a `Record`.

Every file becomes a record, even a broken one: its problems become diagnostics and the
record keeps a derived id and title so that it still appears in the site.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..config import SkmsConfig
from ..diagnostics import Diagnostics
from ..model import Record
from ..references import id_pattern, scan
from .files import ContentWalker, decode, rel_path
from .frontmatter import parse_yaml, split_front_matter
from .identity import read_identity
from .secrets import report_secrets
from .validate import Validator, type_name
from .visibility import settle_visibility


@dataclass
class LoadResult:
    records: list[Record]
    diagnostics: Diagnostics


def load_file(
    path: Path,
    folder_kind: str,
    config: SkmsConfig,
    diags: Diagnostics,
    validator: Validator | None = None,
    rel: str | None = None,
) -> Record | None:
    """Read and validate one file. None only when the file cannot be read at all."""
    validator = validator or Validator(config, diags)
    rel = rel or rel_path(path, config.root)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        diags.add("SKMS008", rel, f"cannot read file: {exc.strerror or exc}")
        return None
    text, broken = decode(raw, rel, diags)
    report_secrets(text, rel, diags)
    fm, body, body_line = split_front_matter(text)
    record = Record(
        meta=None,  # type: ignore[arg-type]  # set below, once the front matter is validated
        path=rel,
        abs_path=path,
        body=body,
        body_line=body_line,
        broken=broken,
    )
    data: Any = {}
    repeated: set[str] = set()
    if not text.strip():
        diags.add(
            "SKMS002",
            rel,
            "file is empty",
            line=1,
            hint="add front matter with at least id and title",
        )
        record.broken = True
    elif fm is None:
        diags.add(
            "SKMS006",
            rel,
            "no front matter: the file must start with a `---` line, the YAML fields, and a closing `---`",
            line=1,
        )
        record.broken = True
    else:
        data, ok = parse_yaml(fm, rel, 2, diags, repeated)
        record._fm_text = fm if ok else None
        if not ok:
            data = {}
            record.broken = True
        elif data is None:
            data = {}
        elif not isinstance(data, dict):
            diags.add(
                "SKMS004",
                rel,
                f"front matter is {type_name(data) if not isinstance(data, str) else 'a string'}, not a mapping of fields",
                line=2,
                hint="write `key: value` lines, e.g. `id: INC-0042`",
            )
            data = {}
            record.broken = True
            record._fm_text = None
    data = dict(data)
    readable = not record.broken or (fm is not None and record._fm_text is not None)
    settle_visibility(record, data, diags, readable=readable, repeated=repeated)
    record.front_matter = data
    record.meta = validator.validate(record, dict(data), folder_kind)
    return record


def load(
    config: SkmsConfig, focus: set[str] | None = None, whole_kinds: Collection[str] = ()
) -> LoadResult:
    """Load every record under the configured content folders.

    With `focus` (paths relative to the config folder, for a pull request's check) only those
    files are validated in full and reported on; every other record is read only as far as
    its identity (id, kind, the line of its id), which needs no YAML parser for an ordinary
    file. Anything unusual in an untouched file falls back to the full loader, quietly.
    Records of `whole_kinds` are read whole even outside the focus, quietly too: a check of
    the focused files needs their fields (the alerts of every runbook, for the alert rules).
    """
    diags = Diagnostics()
    ignored = Diagnostics()  # what the loader says about untouched files is not asked for
    validator = Validator(config, diags)
    quiet_validator = Validator(config, ignored)
    refs_regex = id_pattern(config.bare_id_patterns())
    records: list[Record] = []
    folders = config.content_paths()
    walker = ContentWalker(config.root, [folder for folder, _kind in folders], diags)
    for folder, kind in folders:
        for path, rel in walker.markdown_files(folder):
            record: Record | None
            if focus is None or rel in focus:
                record = load_file(path, kind, config, diags, validator, rel)
                if record is not None:
                    record.refs = scan(record.body, refs_regex)
            elif kind in whole_kinds:
                record = load_file(path, kind, config, ignored, quiet_validator, rel)
            else:
                record = read_identity(path, kind, rel) or load_file(
                    path, kind, config, ignored, quiet_validator, rel
                )
            if record is not None:
                records.append(record)
    return LoadResult(records, diags)
