"""Links between pages that do not resolve (SKMS106), found as MkDocs would find them.

MkDocs resolves a relative link against the linking file's place in the site: a record keeps
its path relative to mkdocs.yml (`reviews/INC-0042.md`), a hand-written page its path
relative to `docs_dir` (`docs/guide.md` is `guide.md`). A link whose last part has a file
extension and whose target is none of the site's files is what `mkdocs build --strict` fails
on; `skms check` reports each with its file, line and column, and what the link should read
when the file exists elsewhere in the repository.
"""

from __future__ import annotations

import os
import posixpath
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from ..config import SkmsConfig
from ..diagnostics import Diagnostics
from ..kinds import SPECS
from ..model import Record

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})", re.M)
_INLINE_CODE = re.compile(r"(`+).+?\1")
# [text](target "title") and ![alt](target); the target may be in angle brackets.
_INLINE_LINK = re.compile(r"!?\[(?:[^\[\]\n]|\[[^\[\]\n]*\])*\]\(\s*(<[^>\n]*>|[^\s()]+)")
_REFERENCE_DEF = re.compile(r"^ {0,3}\[[^\]\n]+\]:[ \t]*(<[^>\n]*>|\S+)")

# Pages and files the plugin generates (see plugin/views.py and plugin/layout.py): a link to
# one resolves although no file of the repository holds it.
GENERATED_FILES = frozenset({"index.md", "records.json", "feed.xml", "problems/known-errors.md"})
GENERATED_SECTIONS = frozenset(
    {spec.section for spec in SPECS.values()} | {"alerts", "tags", "metrics", "changes"}
)


def is_generated(src_uri: str) -> bool:
    """Whether the plugin makes a page or file at this path of the site."""
    if src_uri in GENERATED_FILES:
        return True
    first, _, rest = src_uri.partition("/")
    if first not in GENERATED_SECTIONS or not rest:
        return False
    return first in ("tags", "alerts") or posixpath.basename(rest) == "index.md"


@dataclass(frozen=True)
class Link:
    target: str  # as written
    line: int  # 1-based, in the text scanned
    column: int


def markdown_links(text: str) -> Iterator[Link]:
    """Inline links, images and reference definitions outside code, in order."""
    if "](" not in text and "]:" not in text:
        return
    fence: str | None = None
    for lineno, line in enumerate(text.split("\n"), start=1):
        m = _FENCE.match(line)
        if m:
            marker = m.group(1)
            if fence is None:
                fence = marker
            elif marker[0] == fence[0] and len(marker) >= len(fence):
                fence = None
            continue
        if fence is not None or ("](" not in line and "]:" not in line):
            continue
        if "`" in line:
            line = _INLINE_CODE.sub(lambda c: " " * len(c.group(0)), line)
        found = [(m.group(1), m.start(1)) for m in _INLINE_LINK.finditer(line)]
        ref = _REFERENCE_DEF.match(line)
        if ref:
            found.append((ref.group(1), ref.start(1)))
        for target, start in found:
            if target.startswith("<") and target.endswith(">"):
                target, start = target[1:-1], start + 1
            yield Link(target, lineno, start + 1)


def _checked_path(url: str) -> str | None:
    """The path part of a link MkDocs validates as a file link, or None for any other link."""
    if url.startswith(("/", "\\", "#")) or "[[" in url:
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme or parts.netloc or not parts.path:
        return None
    path = unquote(parts.path)
    # Without an extension MkDocs calls it an unrecognized link (not a strict failure).
    return path if posixpath.splitext(path)[1] else None


def _front_matter_blanked(text: str) -> str:
    """A page's text with its YAML front matter replaced by empty lines (lines kept)."""
    if not text.startswith("---"):
        return text
    end = re.search(r"^(?:---|\.\.\.)[ \t]*$", text[3:], re.M)
    if end is None:
        return text
    cut = 3 + end.end()
    return "\n" * text[:cut].count("\n") + text[cut:]


def _docs_pages(docs: Path) -> Iterator[Path]:
    for folder, dirs, files in os.walk(docs):
        dirs.sort()
        for name in sorted(files):
            yield Path(folder) / name


def check_links(config: SkmsConfig, records: Iterable[Record], diags: Diagnostics) -> None:
    """Add SKMS106 for each link of a record or a hand-written page that does not resolve."""
    root = config.root
    docs_rel = posixpath.normpath(config.site.docs_dir.replace("\\", "/"))
    docs = root / docs_rel
    # site path -> repository path (relative to mkdocs.yml), for every file of the site
    site_files: dict[str, str] = {}
    pages: list[tuple[str, str, str, int]] = []  # (site path, repo path, text, line offset)
    if docs.is_dir() and docs.resolve() != root.resolve():
        for path in _docs_pages(docs):
            src = path.relative_to(docs).as_posix()
            site_files[src] = f"{docs_rel}/{src}"
            if path.suffix == ".md":
                try:
                    text = path.read_text(encoding="utf-8")
                except (OSError, UnicodeDecodeError):
                    continue
                pages.append((src, f"{docs_rel}/{src}", _front_matter_blanked(text), 0))
    records = list(records)
    for record in records:
        site_files[record.path] = record.path
        pages.append((record.path, record.path, record.body, record.body_line - 1))
    by_repo_path = {repo: site for site, repo in site_files.items()}
    for src, repo_path, text, offset in pages:
        for link in markdown_links(text):
            checked = _checked_path(link.target)
            if checked is None:
                continue
            target = posixpath.normpath(posixpath.join(posixpath.dirname(src), checked).lstrip("/"))
            if target in site_files or is_generated(target):
                continue
            diags.add(
                "SKMS106",
                repo_path,
                f"link `{link.target}` does not resolve: the site has no `{target}`",
                line=link.line + offset,
                column=link.column,
                hint=_hint(src, repo_path, checked, by_repo_path, docs_rel),
            )


def _hint(src: str, repo_path: str, path: str, by_repo_path: dict[str, str], docs: str) -> str:
    """What to write instead when the link names a file that is in the site under another path."""
    on_disk = posixpath.normpath(posixpath.join(posixpath.dirname(repo_path), path))
    site = by_repo_path.get(on_disk)
    if site is not None:
        better = posixpath.relpath(site, posixpath.dirname(src) or ".")
        return (
            f"links are resolved in the site, where `{docs}/` pages sit at the top and records "
            f"under their folders: write `{better}`"
        )
    return "fix the path (relative to this file), or remove the link"
