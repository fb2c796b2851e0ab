"""Reading files: the markdown files under a content folder, and their bytes as text."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from ..diagnostics import Diagnostics

MARKDOWN_SUFFIXES = (".md", ".markdown")


def iter_markdown(folder: Path, diags: Diagnostics, root: Path) -> Iterator[Path]:
    """Markdown files under a folder, sorted, following symlinks but never around a loop."""
    if not folder.is_dir():
        return
    seen: set[str] = set()
    for dirpath, dirnames, filenames in os.walk(folder, followlinks=True):
        real = os.path.realpath(dirpath)
        if real in seen:
            diags.add(
                "SKMS007",
                rel_path(Path(dirpath), root),
                f"folder links back to {rel_path(Path(real), root)}; not read twice",
                hint="remove the symbolic link or point it outside the content folder",
            )
            dirnames[:] = []
            continue
        seen.add(real)
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if name.endswith(MARKDOWN_SUFFIXES) and not name.startswith("."):
                yield Path(dirpath) / name


def rel_path(path: Path, root: Path) -> str:
    # String slicing, not Path.relative_to: this runs once per file and pathlib is slow.
    text, base = str(path), str(root)
    if text.startswith(base + os.sep):
        return text[len(base) + 1 :].replace(os.sep, "/")
    return path.as_posix()


def decode(raw: bytes, rel: str, diags: Diagnostics) -> tuple[str, bool]:
    """Bytes to text with LF line ends; invalid UTF-8 is reported with its byte offset."""
    broken = False
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        diags.add(
            "SKMS001",
            rel,
            f"invalid UTF-8 byte 0x{raw[exc.start]:02x} at byte offset {exc.start}",
            line=line,
            column=column,
            hint="save the file as UTF-8; the bad bytes are shown as \ufffd in the site",
        )
        text = raw.decode("utf-8", errors="replace")
        broken = True
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text, broken
