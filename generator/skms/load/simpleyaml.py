"""Front matter in the plain shape records are written in, read without libyaml.

Almost every record's front matter is `key: value` lines, one-line `[a, b]` lists, and lists
of `- key: value` items. libyaml composes a node for each value and asks Python for the tag of
every one, which costs more than reading such lines directly. `PlainReader` reads that shape
only and returns None for anything else (comments, anchors, tags, block scalars, values over
several lines, escapes, unusual indentation, keys YAML reads as something other than text...),
so the caller falls back to libyaml: what it returns is what libyaml gives for the same text,
and it finds the repeated keys that the walk over libyaml's nodes (`frontmatter._build`) finds.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

import yaml

# One match per line: (indent, `- ` of a list item, key, the rest). A key is written as in
# records (letters, digits, `_`, `-`; well under libyaml's 1,024-character limit on a key)
# and followed by `:` and a space or the end of the line; `-` followed by more than one
# space is left in the rest, where it is refused.
_LINE = re.compile(r"^( *)(- (?! ))?(?:([A-Za-z_][A-Za-z0-9_-]{0,100}):(?: +|$))?(.*)$", re.M)
# The same where some line ends in spaces, which YAML ignores after a value.
_LINE_TRAILING = re.compile(
    r"^( *)(- (?! ))?(?:([A-Za-z_][A-Za-z0-9_-]{0,100}):(?: +|$))?(.*?) *$", re.M
)
_BLANK = ("", "", "", "")
# A plain value may not start with a YAML indicator (a flow collection, anchor, alias, tag,
# block scalar, quote, directive, comment, list item...): those mean more than text.
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")
_ISO_UTC = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z\Z")
_MAX_DEPTH = 8  # deeper front matter is left to libyaml (and its depth limit)
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
# Plain scalars of these tags are built with PyYAML's own functions; any other tag
# (merge `<<`, value `=`) is left to libyaml's path.
_CONSTRUCTOR = yaml.constructor.SafeConstructor()
_BUILT = {
    tag: yaml.constructor.SafeConstructor.yaml_constructors[tag]
    for tag in (f"tag:yaml.org,2002:{name}" for name in ("null", "bool", "int", "float"))
}

Resolvers = dict[str, tuple[tuple[str, re.Pattern[str]], ...]]


class _NotPlain(Exception):
    """The text is not in the plain shape: libyaml reads it."""


class PlainReader:
    """Reads plain front matter with a loader's implicit resolvers (by first character)."""

    def __init__(self, resolvers: Resolvers) -> None:
        self.resolvers = resolvers
        # A plain value starting with none of these is text whatever follows: no resolver
        # looks at it and it is no indicator. Most values start so.
        self.special = _INDICATORS | set(resolvers)
        self.text_keys: set[str] = set()

    def parse(self, fm: str) -> tuple[dict[str, Any], list[tuple[str, int]], set[int]] | None:
        """(data, repeated keys as (key, 0-based line), lines of the top-level keys), or None
        when the text is not in the plain shape and libyaml must read it."""
        # Only printable characters (libyaml refuses control characters, and reads NEL and
        # the Unicode line and paragraph separators as line breaks): no tabs either. No aliases.
        if "*" in fm or not fm.replace("\n", " ").isprintable():
            return None
        if " \n" in fm:  # some line ends in spaces, or holds nothing else
            lines = [
                line if line[1] or line[2] or line[3] else _BLANK
                for line in _LINE_TRAILING.findall(fm)
            ]
        else:
            lines = _LINE.findall(fm)  # one per line
        state = _State(self, lines)
        try:
            while lines[state.pos] == _BLANK:
                state.pos += 1  # the last line (after the final newline) is blank: this ends
            if lines[state.pos][0]:
                return None  # an indented document
            data = state.mapping("", 1)
        except (_NotPlain, IndexError):
            return None
        except (ValueError, OverflowError):  # a number PyYAML's constructor refuses
            return None
        if state.pos != len(lines):
            return None
        # The top-level keys matter only when some key is repeated (`_report_duplicates`).
        top = (
            {n for n, line in enumerate(lines) if line[2] and not line[0]} if state.found else set()
        )
        return data, state.found, top

    def text_key(self, key: str) -> bool:
        """True when YAML reads the key as text (not `yes`, `null`)."""
        if key in self.text_keys:
            return True
        for _tag, regexp in self.resolvers.get(key[:1], ()):
            if regexp.match(key):
                return False
        # Remembered because every record repeats the same few keys; bounded, so that
        # front matter with ever new keys cannot make it grow without end.
        if len(self.text_keys) < 1000:
            self.text_keys.add(key)
        return True

    def scalar(self, text: str, flow: bool = False) -> Any:
        """The value of a one-line quoted or plain scalar, as PyYAML builds it."""
        first = text[0]
        if first == '"' or first == "'":
            # Quoted: always a string. Without escapes (`\` in double, `''` in single
            # quotes) the text between the quotes is the value.
            if len(text) < 2 or text[-1] != first or first in text[1:-1]:
                raise _NotPlain
            if first == '"' and "\\" in text:
                raise _NotPlain
            return text[1:-1]
        if first in _INDICATORS or ": " in text or " #" in text or text[-1] == ":":
            raise _NotPlain
        if flow and (":" in text or "#" in text or "'" in text or '"' in text):
            raise _NotPlain  # `[a: b]` is a mapping; flow items are kept to the simplest
        return self.plain(text)

    def plain(self, text: str) -> Any:
        """A plain scalar already known to be one: text, or what its tag makes of it."""
        for tag, regexp in self.resolvers.get(text[0], ()):
            if regexp.match(text):
                return self.typed(tag, text)
        return text

    def typed(self, tag: str, text: str) -> Any:
        """What PyYAML builds of a plain scalar of a tag other than text."""
        if tag == _TIMESTAMP:  # the two forms `frontmatter._scalar` reads with fromisoformat
            try:
                if _ISO_DATE.match(text):
                    return date.fromisoformat(text)
                if _ISO_UTC.match(text):
                    return datetime.fromisoformat(text)
            except ValueError:
                pass
            raise _NotPlain
        build = _BUILT.get(tag)
        if build is None:
            raise _NotPlain
        return build(_CONSTRUCTOR, yaml.ScalarNode(tag, text))

    def value(self, text: str) -> Any:
        """A value written on its key's line (or after `- `)."""
        if text[0] != "[":
            return self.scalar(text)
        if text[-1] != "]":
            raise _NotPlain  # a list over several lines
        inner = text[1:-1]
        if "[" in inner or "]" in inner or "{" in inner or "}" in inner:
            raise _NotPlain
        if not inner.strip(" "):
            return []
        items = []
        for item in inner.split(","):
            # A quoted item holding a comma is split here, and refused by `scalar` as
            # unbalanced; so is an empty item (`[a, , b]`, `[a,]`).
            item = item.strip(" ")
            if not item:
                raise _NotPlain
            items.append(self.scalar(item, flow=True))
        return items


class _State:
    """One front matter being read: its lines, where the reading is, the repeated keys."""

    def __init__(self, reader: PlainReader, lines: list[tuple[str, str, str, str]]) -> None:
        self.reader = reader
        self.lines = lines
        self.pos = 0
        self.found: list[tuple[str, int]] = []  # repeated keys, in the order `_build` finds them

    def mapping(self, indent: str, depth: int) -> dict[str, Any]:
        if depth > _MAX_DEPTH:
            raise _NotPlain
        reader, lines, special = self.reader, self.lines, self.reader.special
        out: dict[str, Any] = {}
        end = len(lines)
        while self.pos < end:
            line = lines[self.pos]
            if line == _BLANK:
                self.pos += 1
                continue
            line_indent, dash, key, rest = line
            if line_indent != indent:
                if len(line_indent) < len(indent):
                    break
                raise _NotPlain  # a value continued on the next line, or bad indentation
            if dash or not key:
                raise _NotPlain
            if key[0] in special and not reader.text_key(key):
                raise _NotPlain
            if key in out:
                self.found.append((key, self.pos))
            self.pos += 1
            if not rest:
                out[key] = self.nested(indent, depth)
            elif rest[0] in _INDICATORS or ": " in rest or " #" in rest or rest[-1] == ":":
                out[key] = reader.value(rest)  # a list, a quoted string, or refused
            elif rest[0] in special:
                out[key] = reader.plain(rest)  # `2026-03-04`, `yes`, `12`, or text
            else:
                out[key] = rest  # text: the common case, without a call
        return out

    def nested(self, indent: str, depth: int) -> Any:
        """The value of a `key:` line with nothing after it: the block below it, or null."""
        lines = self.lines
        while self.pos < len(lines) and lines[self.pos] == _BLANK:
            self.pos += 1
        if self.pos == len(lines):
            return None
        line_indent, dash, _key, rest = lines[self.pos]
        if len(line_indent) < len(indent):
            return None
        list_item = dash or rest[:1] == "-"
        if line_indent == indent:
            if list_item:
                raise _NotPlain  # a list at the key's own indentation
            return None
        if list_item:
            return self.sequence(line_indent, depth + 1)
        return self.mapping(line_indent, depth + 1)

    def sequence(self, indent: str, depth: int) -> list[Any]:
        if depth > _MAX_DEPTH:
            raise _NotPlain
        lines = self.lines
        out: list[Any] = []
        end = len(lines)
        while self.pos < end:
            line = lines[self.pos]
            if line == _BLANK:
                self.pos += 1
                continue
            line_indent, dash, key, rest = line
            if line_indent != indent or not (dash or rest[:1] == "-"):
                break  # the caller decides whether the line may follow
            if not dash or not (key or rest):
                raise _NotPlain  # `-` alone, `-x`, or more than one space after the dash
            if key:
                # `- key: value` opens a mapping whose keys line up with this first key.
                item_indent = indent + "  "
                lines[self.pos] = (item_indent, "", key, rest)
                out.append(self.mapping(item_indent, depth + 1))
            else:
                self.pos += 1
                out.append(self.reader.value(rest))
        return out
