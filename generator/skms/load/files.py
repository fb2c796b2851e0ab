"""Reading files: the markdown files under a content folder, and their bytes as text."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

from ..diagnostics import Diagnostics

MARKDOWN_SUFFIXES = (".md", ".markdown")


def _inside(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


class ContentWalker:
    """Finds the markdown files of the content folders, reading only the repository.

    Content comes from the knowledge base's root (the config's folder) only: a symbolic
    link whose target resolves outside it is reported (SKMS009, its path, never what it
    points at) and not read, so `runbooks/x.md -> /proc/self/environ` publishes nothing.
    Special files (FIFOs, devices, sockets) are never opened (SKMS010). Links inside the
    root are followed once: a folder already walked, an ancestor of the folder being walked
    (`up -> ..`) or another content folder is not read again through the link.
    """

    def __init__(self, root: Path, folders: list[Path], diags: Diagnostics) -> None:
        self.root = root
        self.real_root = os.path.realpath(root)
        self.diags = diags
        self.content = [os.path.realpath(f) for f in folders]
        self._seen_dirs: set[str] = set()
        self._seen_files: set[str] = set()
        self._folded: dict[str, str] = {}  # lower-cased path -> the first path seen

    def markdown_files(self, folder: Path) -> Iterator[tuple[Path, str]]:
        """(path, path relative to the root) of the markdown files under one content folder,
        sorted, each real file at most once."""
        if not folder.is_dir():
            return
        top = os.path.realpath(folder)
        if not _inside(top, self.real_root):
            if folder.is_symlink():
                self._outside(folder)
            else:
                self._folder_outside(folder)
            return
        for dirpath, dirnames, filenames in os.walk(folder, followlinks=True):
            real = os.path.realpath(dirpath)
            if dirpath != str(folder) and not self._enter(Path(dirpath), real, top):
                dirnames[:] = []
                continue
            self._seen_dirs.add(real)
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
            for name in sorted(filenames):
                if name.endswith(MARKDOWN_SUFFIXES) and not name.startswith("."):
                    path = os.path.join(dirpath, name)
                    rel = self._readable(path, top, os.path.join(real, name))
                    if rel is not None:
                        yield Path(path), rel

    def _enter(self, path: Path, real: str, top: str) -> bool:
        if not _inside(real, self.real_root):
            self._outside(path)
            return False
        if real in self._seen_dirs or _inside(top, real):
            self.diags.add(
                "SKMS007",
                rel_path(path, self.root),
                f"folder links back to {rel_path(Path(real), Path(self.real_root))}; not read twice",
                hint="remove the symbolic link or point it outside the content folder",
            )
            return False
        if any(_inside(real, other) and not _inside(other, top) for other in self.content):
            return False  # another content folder: read there, as its own kind
        return True

    def _readable(self, path: str, top: str, real: str) -> str | None:
        """The path relative to the root when the file is to be read, else None."""
        rel = rel_path(path, self.root)
        if not path.isascii() and printable_name(path) != path:
            self.diags.add(
                "SKMS012",
                rel,
                "file or folder name is not valid UTF-8; shown with \ufffd in its place",
                hint="rename it with UTF-8 characters (git mv), so its address stays readable",
            )
        try:
            st = os.lstat(path)
            link = stat.S_ISLNK(st.st_mode)
            if link:
                st = os.stat(path)  # follows the link: what would be read
        except OSError as exc:
            self.diags.add("SKMS008", rel, f"cannot read file: {exc.strerror or exc}")
            return None
        if link:
            real = os.path.realpath(path)
            if not _inside(real, self.real_root):
                self._outside(Path(path))
                return None
            if any(_inside(real, other) and not _inside(other, top) for other in self.content):
                return None  # a record of another content folder: read there
        if not stat.S_ISREG(st.st_mode):
            self.diags.add(
                "SKMS010",
                rel,
                "not a regular file (a device, FIFO or socket); not read",
                hint="records are plain files committed to the repository",
            )
            return None
        if real in self._seen_files:
            return None  # a link to a record already read
        self._seen_files.add(real)
        other = self._folded.setdefault(rel.lower(), rel)
        if other != rel:
            self.diags.add(
                "SKMS011",
                rel,
                f"differs from {other} only in case: on a case-insensitive host (macOS, "
                "Windows, some web servers) one page replaces the other",
                hint="rename one of the two files",
            )
        return rel

    def _folder_outside(self, folder: Path) -> None:
        self.diags.add(
            "SKMS009",
            rel_path(folder, self.root),
            "content folder lies outside the knowledge base (the folder of the config file); not read",
            hint="move the folder under the config file's folder, or the config file to a folder above both",
        )

    def _outside(self, path: Path) -> None:
        self.diags.add(
            "SKMS009",
            rel_path(path, self.root),
            "symbolic link leads outside the knowledge base; not read",
            hint="content is read from the repository only: copy the file in instead of linking it",
        )


def rel_path(path: Path | str, root: Path) -> str:
    """The path relative to root, as valid UTF-8 text (what diagnostics, URLs and pages use)."""
    # String slicing, not Path.relative_to: this runs once per file and pathlib is slow.
    text, base = str(path), str(root)
    if text.startswith(base + os.sep):
        text = text[len(base) + 1 :].replace(os.sep, "/")
    else:
        try:  # beside the config folder: `../shared/reviews/INC-1.md`, never an absolute path
            text = Path(os.path.relpath(path, root)).as_posix()
        except ValueError:  # another drive
            text = Path(path).as_posix()
    return text if text.isascii() else printable_name(text)


def printable_name(text: str) -> str:
    """A file name as text: bytes that are not UTF-8 (kept by the OS as surrogates) become \ufffd."""
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


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
