"""The URL scheme: where every record, generated view and export of the site lives.

    /                          home (generated unless the docs folder has an index.md)
    /reviews/                  reviews index, by year
    /reviews/<file stem>/      one review, e.g. /reviews/INC-0042-checkout-outage/
    /problems/                 problem register
    /problems/known-errors/    known-error database
    /problems/<file stem>/     one problem
    /runbooks/                 runbook catalog, by service
    /runbooks/<file stem>/     one runbook
    /alerts/                   alerts index
    /alerts/<AlertName>/       sends the reader to the alert's runbook (an alert's runbook_url)
    /services/                 services index
    /services/<file stem>/     one service, with its runbooks, incidents, problems and releases
    /readiness/                readiness dashboard
    /readiness/<file stem>/    one release-readiness review
    /articles/                 knowledge articles
    /articles/<file stem>/     one article
    /tags/, /tags/<tag>/       tags
    /records.json              every published record (`skms export`)
    /feed.xml                  Atom feed of reviews

A record's URL is its kind's section plus its file name without `.md` (sub-folders kept). It
does not change when the title changes, nor when a team moves a kind to another folder.
Sources keep their real path (relative to mkdocs.yml) as `src_uri`, so MkDocs messages and
"edit this page" name the file a person would open.
"""

from __future__ import annotations

import hashlib
import posixpath
import re
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, InclusionLevel

from ..config import SkmsConfig
from ..kinds import SPECS
from ..load.files import rel_path
from ..model import Record
from ..slugs import slugify

SECTIONS = {name: spec.section for name, spec in SPECS.items()}

# Alert names become folder names: keep them to characters that are safe in a path and a URL.
SAFE_ALERT = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.:-]*\Z")


MAX_SEGMENT_BYTES = 200  # file systems refuse names over 255 bytes; leave room for suffixes
# Names a folder of the site cannot take: `x/index` is the section's own page.
_RESERVED = re.compile(r"index(?:\.[a-z]+)?\Z", re.IGNORECASE)


def path_segment(name: str) -> str:
    """`name` as one segment of a path: as is, unless reserved or too long for a file name.

    A reserved name (`index`, `index.html`) or one over 200 bytes becomes a shortened name
    with a stable hash of the whole name, so the same name always gets the same address.
    """
    if not _RESERVED.match(name) and len(name.encode("utf-8", "replace")) <= MAX_SEGMENT_BYTES:
        return name
    digest = hashlib.sha256(name.encode("utf-8", "replace")).hexdigest()[:12]
    head = name.encode("utf-8", "replace")[: MAX_SEGMENT_BYTES - 20].decode("utf-8", "ignore")
    return f"{head.rstrip('.')}-{digest}"


def tag_slug(name: str) -> str:
    """A tag name as a URL segment, alone (`tag_addresses` keeps distinct tags apart)."""
    return path_segment(slugify(name) or "tag")  # `index` would be the tags page itself


def tag_addresses(names: Iterable[str]) -> dict[str, str]:
    """Each tag name -> the last segment of its page's URL, one page per tag.

    Names that differ only in case are one tag. A tag keeps its plain slug unless the slug
    is empty ("Платежи") or another tag slugs to it too ("C++", "C#"); then it gets the slug
    plus a short hash of its name, which does not depend on the other tags. A tag whose name
    is its slug ("c") keeps the plain address even then.
    """
    keys = {name: name.strip().casefold() for name in names}
    by_slug: dict[str, set[str]] = defaultdict(set)
    for key in set(keys.values()):
        by_slug[slugify(key)].add(key)
    plain = {slug for slug, group in by_slug.items() if slug and (len(group) == 1 or slug in group)}
    address: dict[str, str] = {}
    for slug, group in by_slug.items():
        for key in group:
            if slug in plain and (len(group) == 1 or key == slug):
                address[key] = slug
                continue
            digest = hashlib.sha256(key.encode("utf-8")).hexdigest()
            size = 6
            while f"{slug or 'tag'}-{digest[:size]}" in plain:
                size += 2  # never take the plain address of another tag
            address[key] = f"{slug or 'tag'}-{digest[:size]}"
    # `index` would be the tags page itself; over-long names would not fit a file name.
    return {name: path_segment(address[key]) for name, key in keys.items()}


def page_dest(path: str, use_directory_urls: bool) -> str:
    """`reviews/INC-1` -> `reviews/INC-1/index.html` (or `reviews/INC-1.html`)."""
    if path.endswith("/index") or path == "index":
        return path + ".html"
    return f"{path}/index.html" if use_directory_urls else f"{path}.html"


class Layout:
    """Makes the MkDocs `File` objects of the site, each at a URL no other file holds."""

    def __init__(self, config: MkDocsConfig, skms: SkmsConfig, taken: set[str]) -> None:
        self.config = config
        self.skms = skms
        self.taken = taken  # dest_uri of every file already in the site
        self.collisions: list[str] = []
        self._folded: dict[str, str] | None = None  # lower-cased dest_uri -> dest_uri
        # Longest folder first, so that `knowledge/problems` wins over a `knowledge` folder;
        # each as records' paths spell it (`/srv/shared/reviews` -> `../shared/reviews`).
        folders = (rel_path(skms.root / folder, skms.root) for folder in skms.content)
        self._folders = sorted(folders, key=len, reverse=True)
        # "Edit this page" is relative to the docs folder; records live beside it. The docs
        # folder as mkdocs.yml names it: `skms build` may stand in an empty one elsewhere.
        docs_dir = (skms.root / skms.site.docs_dir).as_posix()
        self._root_from_docs = posixpath.relpath(skms.root.as_posix(), docs_dir)
        self._root = str(skms.root)

    def record_path(self, record: Record) -> str:
        """The record's URL path without extension: section + path inside its content folder."""
        rel = record.path
        for folder in self._folders:
            prefix = folder.strip("/") + "/"
            if rel.startswith(prefix):
                rel = rel[len(prefix) :]
                break
        stem = posixpath.splitext(rel)[0]
        parent, _, name = stem.rpartition("/")
        segment = path_segment(name)
        if segment != name:
            # `reviews/index.md` would take the reviews index's address.
            self.collisions.append(
                f"{record.path}: the file name cannot be an address; published as {segment!r}"
            )
        stem = f"{parent}/{segment}" if parent else segment
        return f"{SECTIONS[record.kind]}/{stem}"

    def _claim(self, dest: str, what: str) -> str:
        # Compared without case: on a case-insensitive host (macOS, Windows, some web
        # servers) `alerts/HighCPU/` and `alerts/highcpu/` are one folder.
        if self._folded is None:
            self._folded = {t.lower(): t for t in self.taken}
        if dest.lower() not in self._folded:
            self.taken.add(dest)
            self._folded[dest.lower()] = dest
            return dest
        base, ext = posixpath.splitext(dest)
        n = 2
        while True:
            # `x/index.html` -> `x-2/index.html`; `x.html` -> `x-2.html`
            if base.endswith("/index"):
                candidate = f"{base[: -len('/index')]}-{n}/index{ext}"
            else:
                candidate = f"{base}-{n}{ext}"
            if candidate.lower() not in self._folded:
                self.taken.add(candidate)
                self._folded[candidate.lower()] = candidate
                other = self._folded[dest.lower()]
                reason = "is taken" if other == dest else f"differs from {other} only in case"
                self.collisions.append(f"{what}: {dest} {reason}, published at {candidate}")
                return candidate
            n += 1

    def record_file(self, record: Record) -> File:
        udu = self.config.use_directory_urls
        dest = self._claim(page_dest(self.record_path(record), udu), record.path)
        file = File(
            record.path,
            src_dir=self._root,
            dest_dir=self.config.site_dir,
            use_directory_urls=udu,
            dest_uri=dest,
            inclusion=InclusionLevel.NOT_IN_NAV,
        )
        file.edit_uri = posixpath.normpath(posixpath.join(self._root_from_docs, record.path))
        return file

    def view_file(self, path: str, markdown: str, in_nav: bool, src: str | None = None) -> File:
        """A generated page; `path` is its URL path without extension (`reviews/index`).

        `src` names its source when a record file already holds `path + ".md"`.
        """
        udu = self.config.use_directory_urls
        file = File.generated(
            self.config,
            (src or path) + ".md",
            content=markdown,
            inclusion=InclusionLevel.INCLUDED if in_nav else InclusionLevel.NOT_IN_NAV,
        )
        file.dest_uri = self._claim(page_dest(path, udu), path)
        return file

    def static_file(
        self, dest: str, content: str | bytes | None = None, *, path: Path | None = None
    ) -> File:
        """A generated file copied as is (redirect pages, feeds, exports), from memory or a file."""
        if path is not None:
            file = File.generated(self.config, dest, abs_src_path=str(path))
        else:
            file = File.generated(self.config, dest, content=content or b"")
        file.dest_uri = self._claim(dest, dest)
        return file
