"""Reading `git log`: one streamed process, its records split and parsed without per-commit calls.

The output format puts a record separator (0x1e) before each commit and NUL between fields;
commit messages cannot contain NUL, and `-z` makes git end every file name with NUL instead
of quoting it, so nothing in the stream needs unescaping.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import IO, Any

import git

from ..config import DEFAULT_FIX_WORDS
from ..ids import IdFinder, analyse

# sha, parents, author name, author email (both after .mailmap), author date, commit date, message.
LOG_FORMAT = "%x1e%H%x00%P%x00%aN%x00%aE%x00%aI%x00%cI%x00%B%x00"
_RECORD_START = re.compile(rb"(?:[0-9a-f]{40}|[0-9a-f]{64})\0")
_CHUNK = 1 << 20


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
    relations: tuple[str, ...] = ()  # the commit's relation to each id: fix, work, mention, revert
    pull_request: int | None = None
    reverts: str | None = None  # the sha (maybe short) of the commit this one reverts
    merge: bool = False  # more than one parent (kept when the parents are not)
    brings: tuple[str, ...] = ()  # a merge: the linked commits it brings into the branch

    @property
    def fixes(self) -> tuple[str, ...]:
        """Ids the message says this commit fixes."""
        return tuple(i for i, r in zip(self.ids, self.relations, strict=False) if r == "fix")

    def relation(self, record_id: str) -> str | None:
        for i, r in zip(self.ids, self.relations, strict=False):
            if i == record_id:
                return r
        return None

    @property
    def short_sha(self) -> str:
        return self.sha[:7]

    @property
    def is_merge(self) -> bool:
        return self.merge or len(self.parents) > 1


def log_process(repo: git.Repo, rev: str, *, files: bool) -> git.Git.AutoInterrupt:
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
    proc: git.Git.AutoInterrupt = repo.git.log(*args, as_process=True, env={"GIT_FLUSH": "0"})
    _widen_pipe(proc.stdout)
    return proc


def _widen_pipe(stream: IO[bytes] | None) -> None:
    """A 1 MiB pipe lets git run ahead while Python parses a burst of commits (Linux only)."""
    if stream is None:
        return
    try:
        import fcntl

        fcntl.fcntl(stream.fileno(), getattr(fcntl, "F_SETPIPE_SZ", 1031), 1 << 20)
    except (ImportError, OSError, ValueError, AttributeError):
        pass


def iter_records(stream: IO[bytes]) -> Iterator[bytes]:
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


def decode(raw: bytes) -> str:
    """Commit text as UTF-8; a message in another encoding must not stop the build."""
    return raw.decode("utf-8", errors="replace")


def decode_path(raw: bytes) -> str:
    # surrogateescape round-trips undecodable names the way os.walk reports them.
    return raw.decode("utf-8", errors="surrogateescape")


# --- messages ------------------------------------------------------------------------------

_TRAILER = re.compile(r"([A-Za-z0-9][A-Za-z0-9-]*)[ \t]*:[ \t]*(.*)")
_MERGE_PR = re.compile(r"Merge pull request #(\d+)\b")
_MERGE_REQUEST = re.compile(r"See merge request [\w./-]*!(\d+)\b")
_SQUASH_PR = re.compile(r"\(#(\d+)\)\s*$")
_WIKI_ID = re.compile(r"\[\[([^\[\]|\n]+?)(?:\|[^\[\]\n]*)?\]\]")
_REVERTS = re.compile(r"This reverts commit ([0-9a-fA-F]{7,64})\b")
# How a commit relates to a record it names, strongest first.
RELATIONS = ("fix", "work", "revert", "merge", "mention")
_STRENGTH = {"fix": 0, "work": 1, "mention": 4}
# Between two ids of one list: "OAK-1, OAK-2 and OAK-3", "OAK-1/OAK-2".
_LIST_GAP = re.compile(r"[ \t]*(?:,|&|/|\+|\band\b|[ \t])[ \t]*(?:and\b[ \t]*)?", re.I)
_KEY_OPEN = re.compile(r"[ \t]*[\[(]?[ \t]*")
# A merge's subject names the branch it merges: an id there is the work of that branch.
_MERGE_BRANCH = re.compile(
    r"Merge (?:pull request #\d+ from \S+|(?:remote-tracking )?branch '[^'\n]*'|branch \S+)"
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


def pull_request_number(subject: str, body: str = "") -> int | None:
    """The PR number of a GitHub merge commit (`Merge pull request #123 from …`), a squash
    (`… (#123)`) or a GitLab merge (`See merge request group/project!123`)."""
    m = _MERGE_PR.match(subject) or _SQUASH_PR.search(subject)
    if m is None and body and "merge request" in body:
        m = _MERGE_REQUEST.search(body)
    return int(m.group(1)) if m else None


def reverted_sha(subject: str, body: str) -> str | None:
    """The commit a revert undoes, from git's own "This reverts commit <sha>." line."""
    if "reverts commit" not in body and "reverts commit" not in subject:
        return None
    m = _REVERTS.search(body) or _REVERTS.search(subject)
    return m.group(1).lower() if m else None


@dataclass(frozen=True)
class Conventions:
    """How a team's commit messages say what a commit did to the records it names."""

    fix_words: tuple[str, ...] = tuple(DEFAULT_FIX_WORDS)
    fix_word_after_id: bool = True  # "OAK-1: Fix the GC" as well as "Fix OAK-1"
    key_first: str = "work"  # a subject that starts with an id: work | fix | mention
    trailers: tuple[tuple[str, str], ...] = (
        ("Fixes", "fix"),
        ("Resolves", "fix"),
        ("Closes", "fix"),
    )
    patterns: tuple[tuple[str, str], ...] = ()  # the team's own: regex with {id} -> relation


class MessageScanner:
    """Finds record ids in commit messages and how the commit relates to each of them.

    Built once per scan from the id patterns (kinds found in prose, trackers) and the team's
    commit conventions; `signature` is what the cached results depend on.
    """

    def __init__(
        self,
        id_patterns: Iterable[str],
        conventions: Conventions | None = None,
    ) -> None:
        patterns = list(dict.fromkeys(id_patterns))
        self.conventions = conventions or Conventions()
        self.signature = repr((patterns, self.conventions))
        self.finder = IdFinder(patterns, messages=True)
        self.ids = self.finder if patterns else None
        # A cheap test on the raw bytes: the literal prefixes (ignoring case where the
        # pattern allows it), a pattern without a prefix as it is, `[[`, and reverts.
        needles: list[bytes] = [re.escape(b"[["), rb"reverts commit"]
        flags = 0
        for info in (analyse(p) for p in patterns):
            if info.prefixes is not None:
                needles += [re.escape(x.encode()) for x in info.prefixes]
                if info.foldable:
                    flags = re.IGNORECASE
            else:
                try:
                    needles.append(info.body.encode("ascii"))
                except UnicodeEncodeError:
                    needles = [b""]
                    break
        try:
            self._maybe = re.compile(b"|".join(needles), flags).search
        except re.error:
            self._maybe = re.compile(b"").search
        c = self.conventions
        words = "|".join(sorted((re.escape(w) for w in c.fix_words), key=len, reverse=True))
        self._word_before = (
            re.compile(rf"(?i:\b(?:{words}))\b[ \t]*[:#]?[ \t]*\Z") if words else None
        )
        self._word_after = (
            re.compile(rf"[ \t]*[\])]?[ \t]*[:\-\u2013\u2014]?[ \t]*(?i:(?:{words}))\b")
            if words and c.fix_word_after_id
            else None
        )
        self._trailers = {k.lower(): v for k, v in c.trailers}
        alternatives = "|".join(f"(?:{analyse(p).body})" for p in patterns) or "(?!)"
        self._own = [
            (re.compile(text.replace("{id}", f"(?P<skms_id>{alternatives})"), re.I | re.M), rel)
            for text, rel in c.patterns
        ]

    def may_reference(self, raw_message: bytes) -> bool:
        """A cheap test on the raw bytes, so most commits are never decoded."""
        return self._maybe(raw_message) is not None

    def scan(self, message: str) -> tuple[tuple[str, ...], tuple[str, ...], str | None]:
        """(ids named, in order of appearance; the relation of the commit to each; the sha it
        reverts). Relations: fix, work, mention; revert for every id of a revert commit."""
        subject_end = message.find("\n\n")
        subject_end = len(message) if subject_end == -1 else subject_end
        subject, body = split_message(message)
        reverts = reverted_sha(subject, body)
        named: list[tuple[int, str, str]] = []
        if self.ids is not None:
            hits = list(self.ids.finditer(message))
            relations = self._relations(message, hits, subject_end)
            named += [(h.start(), h.id, r) for h, r in zip(hits, relations, strict=True)]
        if "[[" in message:
            named += [
                (m.start(), m.group(1).strip(), "mention") for m in _WIKI_ID.finditer(message)
            ]
            named.sort(key=lambda n: n[0])
        if not named:
            return (), (), reverts
        found: dict[str, str] = {}
        for _, rid, relation in named:
            before = found.get(rid)
            if before is None or _STRENGTH[relation] < _STRENGTH[before]:
                found[rid] = relation
        if reverts is not None or subject.startswith(('Revert "', "Revert '")):
            return tuple(found), ("revert",) * len(found), reverts
        return tuple(found), tuple(found.values()), reverts

    def _relations(self, message: str, hits: list[Any], subject_end: int) -> list[str]:
        c = self.conventions
        out = ["mention"] * len(hits)
        merged = _MERGE_BRANCH.match(message) if message.startswith("Merge ") else None
        # Ids in a list continue the relation of the first one: "Fix OAK-1, OAK-2".
        chained = [
            i > 0
            and message.count("\n", hits[i - 1].end(), hits[i].start()) == 0
            and _LIST_GAP.fullmatch(message, hits[i - 1].end(), hits[i].start()) is not None
            for i in range(len(hits))
        ]
        for i, hit in enumerate(hits):
            start = hit.start()
            line_start = message.rfind("\n", 0, start) + 1
            if chained[i]:
                group_start = i
                while group_start > 0 and chained[group_start]:
                    group_start -= 1
                first = hits[group_start]
            else:
                group_start, first = i, hit
            lead = message[line_start : first.start()]
            relation = "mention"
            if merged is not None and start < merged.end():
                out[i] = c.key_first if c.key_first != "fix" else "work"
                continue
            # A trailer: "Fixes: OAK-1", "Jira: OAK-1".
            key = lead.strip().rstrip(":").strip()
            if lead.rstrip().endswith(":") and key.lower() in self._trailers:
                relation = self._trailers[key.lower()]
            elif self._word_before is not None and self._word_before.search(lead):
                relation = "fix"
            elif _KEY_OPEN.fullmatch(lead):
                # The id opens its line: a fix word right after the ids makes it a fix; an
                # id opening the subject is the work of the ticket (tracker style).
                last = i
                while last + 1 < len(hits) and chained[last + 1]:
                    last += 1
                after = hits[last].end()
                if self._word_after is not None and self._word_after.match(message, after):
                    relation = "fix"
                elif line_start == 0 and start < subject_end:
                    relation = c.key_first
            out[i] = relation
        for regex, relation in self._own:
            for m in regex.finditer(message):
                pos = m.start("skms_id")
                for i, hit in enumerate(hits):
                    if hit.start() == pos:
                        out[i] = relation
                        j = i + 1
                        while j < len(hits) and chained[j]:
                            out[j] = relation
                            j += 1
        return out


def parse_commit(parts: list[bytes], scanner: MessageScanner | None = None) -> Commit:
    """A full Commit from a split record: only for the few commits that are kept."""
    message = decode(parts[6])
    subject, body = split_message(message)
    parents = tuple(parts[1].decode("ascii").split())
    ids: tuple[str, ...] = ()
    relations: tuple[str, ...] = ()
    reverts = None
    if scanner is not None:
        ids, relations, reverts = scanner.scan(message)
    else:
        reverts = reverted_sha(subject, body)
    return Commit(
        sha=parts[0].decode("ascii"),
        parents=parents,
        author=decode(parts[2]),
        email=decode(parts[3]),
        authored=parts[4].decode("ascii", "replace"),
        committed=parts[5].decode("ascii", "replace"),
        subject=subject,
        body=body,
        trailers=parse_trailers(body),
        ids=ids,
        relations=relations,
        pull_request=pull_request_number(subject, body),
        reverts=reverts,
        merge=len(parents) > 1,
    )
