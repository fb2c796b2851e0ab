"""Id patterns: what an `ids` or `trackers` regular expression can be used for, and finding ids
in free text (record bodies, commit messages) as teams write them.

A pattern is analysed once with the regular-expression parser itself:

- its literal prefixes (`OAK-`, or `OAK-` and `JCR-` for `(?:OAK|JCR)-\\d+`) let a scan look
  for the prefix with `str.find` and try the pattern only there;
- whether every letter of an id comes from a literal: then case cannot tell two ids apart
  and commit messages are matched ignoring case (`Oak-12` is `OAK-12`); a pattern whose
  letters come from a class (`[A-Z]+-\\d+`) is matched as written, since `utf-8` is no id;
- whether it can be found in prose at all: a pattern that matches an ordinary word or number
  (a slug) is only linked through `[[id]]`.

A pattern that cannot be used (it does not compile, matches the empty string, or refers back
to a group) raises `PatternError`; the configuration reports it as SKMS501.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

try:  # Python 3.11+
    from re import _constants as _c  # type: ignore[attr-defined]
    from re import _parser as _sre  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - Python < 3.11
    import sre_constants as _c
    import sre_parse as _sre

# Words and numbers no id pattern that is searched for in prose may match.
_PROSE_PROBES = ("a", "the", "checkout", "kafka-consumer-lag", "v2", "x1", "1", "2026", "12-3")
_MAX_PREFIXES = 64
_LONGER_LOOKAHEAD = 64  # characters tried past an id to see whether a longer id starts there


class PatternError(ValueError):
    """An id pattern that cannot be used, with the reason in the user's terms."""


@dataclass(frozen=True)
class IdPattern:
    """One id pattern, analysed."""

    source: str  # as configured
    body: str  # anchors removed, leading global flags made local: safe to embed
    prefixes: tuple[str, ...] | None  # literal starts of every id; None when there are none
    foldable: bool  # every letter comes from a literal: case never tells ids apart
    ignore_case: bool  # the pattern itself says (?i)
    in_prose: bool  # may be searched for as a bare id (it matches no ordinary word)
    plain: str = ""  # the body without its case flag: how the pattern itself writes ids

    @property
    def regex(self) -> re.Pattern[str]:
        return _compiled(self.body, self.ignore_case)

    def canonical(self, text: str) -> str | None:
        """The id as the pattern writes it, for text matched ignoring case; None if none fits."""
        full = _compiled(rf"(?:{self.plain or self.body})\Z", False).match
        for candidate in (text, text.upper(), text.lower()):
            if full(candidate):
                return candidate
        for prefix in self.prefixes or ():
            if text[: len(prefix)].lower() == prefix.lower():
                candidate = prefix + text[len(prefix) :]
                if full(candidate):
                    return candidate
        return None


@lru_cache(maxsize=256)
def _compiled(body: str, ignore_case: bool) -> re.Pattern[str]:
    return re.compile(body, re.IGNORECASE if ignore_case else 0)


@lru_cache(maxsize=256)
def analyse(pattern: str) -> IdPattern:
    """What a configured id pattern allows; `PatternError` when it cannot be used."""
    if not isinstance(pattern, str) or not pattern.strip():
        raise PatternError("an id pattern cannot be empty")
    try:
        parsed = _sre.parse(pattern)
    except re.error as exc:
        raise PatternError(f"invalid regular expression: {exc}") from None
    body, flags = _strip(pattern)
    try:
        compiled = re.compile(body, flags)
    except re.error as exc:
        raise PatternError(f"invalid regular expression: {exc}") from None
    if compiled.fullmatch(""):
        raise PatternError("it matches the empty string, so every text would hold ids")
    if _has(parsed, (_c.GROUPREF, _c.GROUPREF_EXISTS)):
        raise PatternError("back-references (\\1, (?P=name)) are not supported in id patterns")
    ignore_case = bool(parsed.state.flags & re.IGNORECASE)
    stripped = list(_sre.parse(body))
    foldable = _letters(stripped) is not None
    prefixes = _prefixes(stripped)
    in_prose = not any(compiled.fullmatch(p) for p in _PROSE_PROBES)
    return IdPattern(
        source=pattern,
        body=body,
        prefixes=prefixes,
        foldable=foldable or ignore_case,
        ignore_case=ignore_case,
        in_prose=in_prose,
        plain=_strip(_GLOBAL_FLAGS.sub("", pattern))[0] if ignore_case else body,
    )


def check_pattern(pattern: str) -> str | None:
    """Why a pattern cannot be used, or None."""
    try:
        analyse(pattern)
    except PatternError as exc:
        return str(exc)
    return None


_GLOBAL_FLAGS = re.compile(r"\A\(\?([aiLmsux]+)\)")


def _strip(pattern: str) -> tuple[str, int]:
    """The pattern without `^`/`$` around it and with leading `(?i)` flags made scoped.

    Anchors are implied (an id is the whole match); a global flag group is only legal at the
    very start of an expression, so embedding `(?i)OAK-\\d+` in a larger one would fail.
    """
    flags = 0
    body = pattern
    m = _GLOBAL_FLAGS.match(body)
    if m:
        body = body[m.end() :]
        letters = "".join(ch for ch in m.group(1) if ch in "imsx")
        if letters:
            body = f"(?{letters}:{body})"
    if body.startswith("^"):
        body = body[1:]
    if body.endswith("$") and not body.endswith("\\$"):
        body = body[:-1]
    elif body.endswith("\\Z"):
        body = body[:-2]
    return body, flags


def _has(items: Iterable[Any], ops: tuple[Any, ...]) -> bool:
    for op, av in items:
        if op in ops:
            return True
        for sub in _children(op, av):
            if _has(sub, ops):
                return True
    return False


def _children(op: Any, av: Any) -> list[Any]:
    """The sub-patterns of one parsed item."""
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT) or op is getattr(_c, "POSSESSIVE_REPEAT", None):
        return [av[2]]
    if op is _c.SUBPATTERN:
        return [av[-1]]
    if op is _c.BRANCH:
        return list(av[1])
    if op in (_c.ASSERT, _c.ASSERT_NOT):
        return [av[1]]
    if op is getattr(_c, "ATOMIC_GROUP", None):
        return [av]
    if op is _c.GROUPREF_EXISTS:
        return [x for x in av[1:] if x is not None]
    return []


def _letters(items: Iterable[Any]) -> set[str] | None:
    """The cases of the literal letters in a pattern, or None when a letter can come from a
    class, a category or `.` (then case matters: `[A-Z]+` is not `[a-z]+`)."""
    cases: set[str] = set()
    for op, av in items:
        if op is _c.LITERAL or op is _c.NOT_LITERAL:
            ch = chr(av)
            if ch.isalpha() and op is _c.LITERAL:
                cases.add("upper" if ch.isupper() else "lower")
            elif op is _c.NOT_LITERAL:
                return None
        elif op is _c.IN:
            for kind, value in av:
                if kind is _c.LITERAL and chr(value).isalpha():
                    return None
                if kind is _c.RANGE and _range_has_letters(*value):
                    return None
                if kind is _c.CATEGORY and value is not _c.CATEGORY_DIGIT:
                    return None
                if kind is _c.NEGATE:
                    return None
        elif op is _c.ANY or op is _c.CATEGORY:
            return None
        for sub in _children(op, av):
            inner = _letters(sub)
            if inner is None:
                return None
            cases |= inner
    return cases


def _range_has_letters(low: int, high: int) -> bool:
    return any(chr(c).isalpha() for c in range(low, min(high, low + 512) + 1))


def _prefixes(items: list[Any]) -> tuple[str, ...] | None:
    """Every literal string an id can start with (at least two characters), or None."""
    starts, _complete = _literal_starts(items)
    if not starts or any(len(s) < 2 for s in starts):
        return None
    return tuple(sorted(set(starts)))


def _literal_starts(items: list[Any]) -> tuple[list[str], bool]:
    """(literal starts, whether the items were literal to their end)."""
    starts = [""]
    for op, av in items:
        if op is _c.AT:
            continue
        if op is _c.LITERAL:
            starts = [s + chr(av) for s in starts]
            continue
        if op is _c.SUBPATTERN:
            inner, complete = _literal_starts(list(av[-1]))
        elif op is _c.BRANCH:
            inner, complete = [], True
            for branch in av[1]:
                alts, whole = _literal_starts(list(branch))
                inner += alts
                complete = complete and whole
            if not complete:
                # Branches of different lengths cannot be extended with what follows.
                return [s + i for s in starts for i in inner], False
        elif op is _c.IN and len(av) <= 4 and all(k is _c.LITERAL for k, _ in av):
            inner, complete = [chr(v) for _, v in av], True  # [Oo]-style
        else:
            return starts, False
        starts = [s + i for s in starts for i in inner]
        if len(starts) > _MAX_PREFIXES:
            return [""], False
        if not complete:
            return starts, False
    return starts, True


# --- finding ids in text --------------------------------------------------------------------


class IdHit:
    """One id found in text; `start()`, `end()` and `group()` read like a regex match's."""

    __slots__ = ("_start", "_end", "text", "id", "pattern")

    def __init__(self, start: int, end: int, text: str, ident: str, pattern: int) -> None:
        self._start, self._end = start, end
        self.text = text  # as written
        self.id = ident  # as the pattern writes it (case restored when matched ignoring case)
        self.pattern = pattern  # index of the pattern that matched

    def start(self) -> int:
        return self._start

    def end(self) -> int:
        return self._end

    def group(self, n: int = 0) -> str:
        return self.text


class IdFinder:
    """Finds ids of several patterns in text.

    `messages=True` is the commit-message reading: ids may follow a `/` (branch names,
    tracker URLs), may be followed by `-`, `_`, `/` or letters when no longer id starts
    there (`OAK-301- Document`, `OAK-9883-split`), never by a digit or by `.` and a digit
    (`oak-1.6-gc.log` is no id), and foldable patterns are matched ignoring case. The body
    reading is stricter: an id stands between spaces or punctuation other than `/#-`.
    """

    def __init__(self, patterns: Iterable[str], *, messages: bool = False) -> None:
        self.patterns = [analyse(p) for p in patterns]
        self.messages = messages
        self.fold = [messages and p.foldable for p in self.patterns]
        left = r"(?<![\w#-])" if messages else r"(?<![\w/#-])"
        right = "" if messages else r"(?![\w-])"
        self._single = [
            re.compile(
                rf"{left}(?:{p.body}){right}",
                re.IGNORECASE if (fold or p.ignore_case) else 0,
            )
            for p, fold in zip(self.patterns, self.fold, strict=True)
        ]
        self._full = [
            re.compile(rf"(?:{p.body})\Z", re.IGNORECASE if (fold or p.ignore_case) else 0)
            for p, fold in zip(self.patterns, self.fold, strict=True)
        ]
        # Literal prefixes found with str.find (case-sensitive patterns), or with one regex of
        # the prefixes (ignoring case); patterns without a prefix are run over the whole text.
        self._find: list[tuple[str, int]] = []
        self._folded: list[tuple[str, int]] = []
        self._scan_all: list[int] = []
        for i, p in enumerate(self.patterns):
            if p.prefixes is None:
                self._scan_all.append(i)
            elif self.fold[i] or p.ignore_case:
                self._folded += [(pre, i) for pre in p.prefixes]
            else:
                self._find += [(pre, i) for pre in p.prefixes]
        self._folded_re = None
        if self._folded:
            alts = sorted({re.escape(pre) for pre, _ in self._folded}, key=len, reverse=True)
            self._folded_re = re.compile("|".join(alts), re.IGNORECASE)
            self._folded_of: dict[str, list[int]] = {}
            for pre, i in self._folded:
                self._folded_of.setdefault(pre.lower(), []).append(i)

    def __bool__(self) -> bool:
        return bool(self.patterns)

    def finditer(self, text: str) -> Iterator[IdHit]:
        """Ids in text, in order, never overlapping."""
        candidates: list[tuple[int, int]] = []  # (start, pattern index)
        for prefix, i in self._find:
            pos = text.find(prefix)
            while pos != -1:
                candidates.append((pos, i))
                pos = text.find(prefix, pos + 1)
        if self._folded_re is not None:
            for found in self._folded_re.finditer(text):
                for i in self._folded_of.get(found.group(0).lower(), ()):
                    candidates.append((found.start(), i))
        hits: list[IdHit] = []
        for start, i in candidates:
            m = self._single[i].match(text, start)
            if m is not None:
                hit = self._accept(text, m.start(), m.end(), i)
                if hit is not None:
                    hits.append(hit)
        for i in self._scan_all:
            for m in self._single[i].finditer(text):
                hit = self._accept(text, m.start(), m.end(), i)
                if hit is not None:
                    hits.append(hit)
        if len(hits) > 1:
            hits.sort(key=lambda h: (h._start, -h._end))
        end = -1
        for hit in hits:
            if hit._start < end:
                continue
            end = hit._end
            yield hit

    def _accept(self, text: str, start: int, end: int, i: int) -> IdHit | None:
        raw = text[start:end]
        if self.messages and not self._right_ok(text, start, end, i):
            return None
        ident = raw
        if self.fold[i] or self.patterns[i].ignore_case:
            ident = self.patterns[i].canonical(raw) or raw
        return IdHit(start, end, raw, ident, i)

    def _right_ok(self, text: str, start: int, end: int, i: int) -> bool:
        if end >= len(text):
            return True
        nxt = text[end]
        if nxt.isdigit():
            return False
        if nxt == ".":
            return not (end + 1 < len(text) and text[end + 1].isdigit())
        if nxt in "-_/" or nxt.isalpha():
            # Only when no longer id starts here: an id is never the prefix of a longer one.
            full = self._full[i].match
            stop = min(len(text), end + _LONGER_LOOKAHEAD)
            for k in range(end + 1, stop + 1):
                if text[k - 1].isspace():
                    break
                if full(text[start:k]):
                    return False
            return True
        return True


def prose_patterns(patterns: dict[str, str]) -> dict[str, str]:
    """The kinds whose ids may be found as bare words in prose, mapped to their pattern."""
    out = {}
    for kind, pattern in patterns.items():
        try:
            if analyse(pattern).in_prose:
                out[kind] = pattern
        except PatternError:
            continue
    return out
