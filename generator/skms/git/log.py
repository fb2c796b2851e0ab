"""Reading `git log`: one streamed process, its records split and parsed without per-commit calls.

The output format puts a record separator (0x1e) before each commit and NUL between fields;
commit messages cannot contain NUL, and `-z` makes git end every file name with NUL instead
of quoting it, so nothing in the stream needs unescaping.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

import git

# sha, parents, author name, author email (both after .mailmap), author date, commit date, message.
LOG_FORMAT = "%x1e%H%x00%P%x00%aN%x00%aE%x00%aI%x00%cI%x00%B%x00"
_RECORD_START = re.compile(rb"(?:[0-9a-f]{40}|[0-9a-f]{64})\0")
_CHUNK = 1 << 20


@dataclass(frozen=True)
class FileChange:
    """One line of `--name-status`: A/M/D/T/R/C and the path; `old_path` for renames and copies."""

    status: str
    path: str
    old_path: str | None = None


@dataclass(slots=True)  # not frozen: frozen __init__ is several times slower, and we make many
class Commit:
    """A commit as the scan keeps it. Loaded from the cache, it has no body, trailers or parents."""

    sha: str
    parents: tuple[str, ...]
    author: str
    email: str
    authored: str  # ISO 8601 strict with offset, as git prints it; parsed only when shown
    committed: str
    subject: str
    body: str = ""
    trailers: tuple[tuple[str, str], ...] = ()
    ids: tuple[str, ...] = ()  # record ids the message names, in order of appearance
    fixes: tuple[str, ...] = ()  # problem ids a fix word points at
    pull_request: int | None = None
    files: tuple[FileChange, ...] = field(default=(), compare=False)

    @property
    def short_sha(self) -> str:
        return self.sha[:7]

    @property
    def is_merge(self) -> bool:
        return len(self.parents) > 1


def log_process(repo: git.Repo, rev: str, *, files: bool):
    """Start `git log` for a revision range; its stdout is read as the records arrive."""
    args = [
        "--no-show-signature",  # a user's log.showSignature would inject gpg output
        "--topo-order",  # children before parents: rename and creation tracking rely on it
        f"--format={LOG_FORMAT}",
        "-z",
    ]
    if files:
        args += ["--name-status", "-M", "--no-relative"]
    args += [rev, "--"]
    # GIT_FLUSH=0: git flushes after every commit when writing to a pipe, which costs both
    # processes a system call per commit; buffered, they exchange 4 KiB blocks.
    proc = repo.git.log(*args, as_process=True, env={"GIT_FLUSH": "0"})
    _widen_pipe(proc.stdout)
    return proc


def _widen_pipe(stream) -> None:
    """A 1 MiB pipe lets git run ahead while Python parses a burst of commits (Linux only)."""
    try:
        import fcntl

        fcntl.fcntl(stream.fileno(), getattr(fcntl, "F_SETPIPE_SZ", 1031), 1 << 20)
    except (ImportError, OSError, ValueError, AttributeError):
        pass


def iter_records(stream) -> Iterator[bytes]:
    """Raw commit records from a binary stream, one at a time, read in large chunks.

    A record separator inside a commit message (legal, if odd) would split a record in two;
    a piece that does not start with a sha is glued back onto the one before it.
    """
    pending: bytes | None = None
    tail = b""
    read = getattr(stream, "read1", stream.read)
    while True:
        chunk = read(_CHUNK)
        if not chunk:
            break
        pieces = (tail + chunk).split(b"\x1e")
        tail = pieces.pop()
        for piece in pieces:
            if not piece:
                continue
            if _RECORD_START.match(piece) or pending is None:
                if pending is not None:
                    yield pending
                pending = piece
            else:
                pending += b"\x1e" + piece
    if tail:
        if pending is not None and not _RECORD_START.match(tail):
            pending += b"\x1e" + tail
        else:
            if pending is not None:
                yield pending
            pending = tail
    if pending is not None:
        yield pending


def split_record(record: bytes) -> list[bytes]:
    """[sha, parents, author, email, authored, committed, message, file entries]."""
    parts = record.split(b"\0", 7)
    if len(parts) < 8:
        parts += [b""] * (8 - len(parts))
    return parts


def iter_file_entries(raw: bytes) -> Iterator[tuple[bytes, bytes, bytes | None]]:
    """(status letter, path, old path or None) from the `--name-status -z` part of a record."""
    fields = raw.lstrip(b"\0\n").split(b"\0")
    i, n = 0, len(fields) - 1  # the last field is the empty string after the final NUL
    while i < n:
        status = fields[i][:1]
        if status in (b"R", b"C") and i + 2 < len(fields):
            yield status, fields[i + 2], fields[i + 1]
            i += 3
        else:
            yield status, fields[i + 1] if i + 1 < len(fields) else b"", None
            i += 2


def decode(raw: bytes) -> str:
    """Commit text as UTF-8; a message in another encoding must not stop the build."""
    return raw.decode("utf-8", errors="replace")


def decode_path(raw: bytes) -> str:
    # surrogateescape round-trips undecodable names the way os.walk reports them.
    return raw.decode("utf-8", errors="surrogateescape")


# --- messages ------------------------------------------------------------------------------

_TRAILER = re.compile(r"([A-Za-z0-9][A-Za-z0-9-]*)[ \t]*:[ \t]*(.*)")
_MERGE_PR = re.compile(r"Merge pull request #(\d+)\b")
_SQUASH_PR = re.compile(r"\(#(\d+)\)\s*$")
_WIKI_ID = re.compile(r"\[\[([^\[\]|\n]+?)(?:\|[^\[\]\n]*)?\]\]")
FIX_WORDS = (
    "fix",
    "fixes",
    "fixed",
    "close",
    "closes",
    "closed",
    "resolve",
    "resolves",
    "resolved",
)


def split_message(message: str) -> tuple[str, str]:
    """(subject, body) as git defines them: the subject is the first paragraph on one line."""
    message = message.strip("\n")
    head, _, body = message.partition("\n\n")
    subject = " ".join(line.strip() for line in head.split("\n"))
    return subject, body.strip("\n")


def parse_trailers(body: str) -> tuple[tuple[str, str], ...]:
    """`Key: value` lines of the message's last paragraph, when every line of it is one."""
    if not body:
        return ()
    last = body.rstrip().rsplit("\n\n", 1)[-1]
    out: list[tuple[str, str]] = []
    for line in last.split("\n"):
        if line[:1] in (" ", "\t") and out:
            key, value = out[-1]
            out[-1] = (key, f"{value} {line.strip()}")
            continue
        m = _TRAILER.fullmatch(line.rstrip())
        if m is None:
            return ()
        out.append((m.group(1), m.group(2)))
    return tuple(out)


def pull_request_number(subject: str) -> int | None:
    """The PR number of a GitHub merge commit (`Merge pull request #123 from …`) or squash (`… (#123)`)."""
    m = _MERGE_PR.match(subject) or _SQUASH_PR.search(subject)
    return int(m.group(1)) if m else None


class MessageScanner:
    """Finds record ids and fixes in commit messages, with patterns built once per scan."""

    def __init__(
        self, id_patterns: Iterable[str], problem_pattern: str | None, prefixes: Iterable[str]
    ) -> None:
        patterns = list(id_patterns)
        prefixes = list(prefixes)
        # What the cached ids depend on: a change of id patterns invalidates the cache.
        self.signature = repr((patterns, problem_pattern, prefixes))
        self.prefixes = tuple(p.encode() for p in prefixes)
        needles = [re.escape(p) for p in (*self.prefixes, b"[[")]
        self._maybe = re.compile(b"|".join(needles)).search
        self.ids = _bare_ids(patterns)
        self.fix = None
        if problem_pattern:
            one = rf"(?<![\w/#-])(?:{problem_pattern})(?![\w-])"
            words = "|".join(FIX_WORDS)
            self.problem = re.compile(one)
            self.is_problem = re.compile(rf"(?:{problem_pattern})\Z").match
            self.fix = re.compile(
                rf"(?i:\b(?:{words}))\b[ \t]*:?[ \t]*({one}(?:[ \t]*(?:,|&|\band\b)[ \t]*{one})*)"
            )

    def may_reference(self, raw_message: bytes) -> bool:
        """A cheap test on the raw bytes, so most commits are never decoded."""
        return self._maybe(raw_message) is not None

    def scan(self, message: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """(ids named, problem ids fixed), each unique in order of appearance."""
        hits: list[tuple[int, str]] = []
        if self.ids is not None:
            hits += [(m.start(), m.group(0)) for m in self.ids.finditer(message)]
        if "[[" in message:
            hits += [(m.start(), m.group(1).strip()) for m in _WIKI_ID.finditer(message)]
        found = dict.fromkeys(rid for _, rid in sorted(hits))
        fixes: dict[str, None] = {}
        if self.fix is not None and any(self.is_problem(i) for i in found):
            for m in self.fix.finditer(message):
                for pm in self.problem.finditer(m.group(1)):
                    fixes[pm.group(0)] = None
                    found.setdefault(pm.group(0), None)
        return tuple(found), tuple(fixes)


def _bare_ids(patterns: list[str]) -> re.Pattern[str] | None:
    if not patterns:
        return None
    alternatives = "|".join(f"(?:{p})" for p in patterns)
    return re.compile(rf"(?<![\w/#-])(?:{alternatives})(?![\w-])")


def parse_commit(
    parts: list[bytes], scanner: MessageScanner | None = None, *, files: bool = False
) -> Commit:
    """A full Commit from a split record: only for the few commits that are kept."""
    message = decode(parts[6])
    subject, body = split_message(message)
    ids: tuple[str, ...] = ()
    fixes: tuple[str, ...] = ()
    if scanner is not None:
        ids, fixes = scanner.scan(message)
    changes: tuple[FileChange, ...] = ()
    if files:
        changes = tuple(
            FileChange(
                status.decode("ascii", "replace"),
                decode_path(path),
                decode_path(old) if old is not None else None,
            )
            for status, path, old in iter_file_entries(parts[7])
        )
    return Commit(
        sha=parts[0].decode("ascii"),
        parents=tuple(parts[1].decode("ascii").split()),
        author=decode(parts[2]),
        email=decode(parts[3]),
        authored=parts[4].decode("ascii", "replace"),
        committed=parts[5].decode("ascii", "replace"),
        subject=subject,
        body=body,
        trailers=parse_trailers(body),
        ids=ids,
        fixes=fixes,
        pull_request=pull_request_number(subject),
        files=changes,
    )
