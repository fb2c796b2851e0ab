"""Front matter: split it from the body, and parse its YAML with bounded alias expansion."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

import yaml
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from ..diagnostics import Diagnostics
from .simpleyaml import PlainReader

try:  # libyaml's C loader is several times faster; fall back to pure Python where it is missing.
    _BaseLoader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _BaseLoader = yaml.SafeLoader  # type: ignore[assignment,misc]


class YamlLoader(_BaseLoader):
    """The safe loader, made total: no input value raises outside the YAML error path.

    libyaml composes the nodes but asks this Python class for the tag of every one of them
    (`resolve`) and calls `descend_resolver`/`ascend_resolver` around each: at 10,000
    records that is half a million calls. The versions below give the same tags with less
    work (this loader has implicit resolvers only, no path resolvers).
    """

    def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
        if kind is ScalarNode:
            if implicit[0]:  # a plain scalar: `yes`, `12`, `2026-03-04` may be more than text
                for tag, regexp in _RESOLVERS.get(value[:1], _WILDCARD):
                    if regexp.match(value):
                        return tag
            return _STR
        return _SEQ if kind is SequenceNode else _MAP

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        pass

    def ascend_resolver(self) -> None:
        pass


def _timestamp(loader: Any, node: yaml.ScalarNode) -> Any:
    # `2026-02-30` matches YAML's timestamp syntax but is no date: PyYAML raises ValueError
    # from the middle of construction. Keep the text; validation reports it with its line.
    try:
        return yaml.constructor.SafeConstructor.construct_yaml_timestamp(loader, node)
    except (ValueError, OverflowError):
        return node.value


def _sorted_set(loader: Any, node: yaml.MappingNode) -> list[Any]:
    # A Python set iterates in an order that depends on the hash seed; output must not.
    keys = [loader.construct_object(key, deep=True) for key, _value in node.value]
    return sorted(keys, key=lambda key: (type(key).__name__, str(key)))


YamlLoader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)
YamlLoader.add_constructor("tag:yaml.org,2002:set", _sorted_set)
_STR, _SEQ, _MAP, _TIMESTAMP = (
    f"tag:yaml.org,2002:{t}" for t in ("str", "seq", "map", "timestamp")
)
# PyYAML's implicit resolvers by the first character of the value ('' for an empty one),
# each followed by the resolvers for any character, in PyYAML's order.
_WILDCARD: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    YamlLoader.yaml_implicit_resolvers.get(None, ())
)
_RESOLVERS: dict[str, tuple[tuple[str, re.Pattern[str]], ...]] = {
    first: (*resolvers, *_WILDCARD)
    for first, resolvers in YamlLoader.yaml_implicit_resolvers.items()
    if first is not None
}
assert not YamlLoader.yaml_path_resolvers, "resolve() above ignores path resolvers"

# Front matter in the usual shape is read without libyaml, with the same resolvers; that
# reader takes a first character without resolvers for text.
assert not _WILDCARD, "every implicit resolver has first characters"
_PLAIN = PlainReader(_RESOLVERS)

MAX_YAML_NODES = 50_000  # an alias-expanded front matter larger than this is refused
# Deeper values are dropped: front matter is a few levels deep, and the model's serializer
# (records.json, the export) refuses values nested about a hundred levels deep.
MAX_YAML_DEPTH = 32


def split_front_matter(text: str) -> tuple[str | None, str, int]:
    """(front matter or None, body, line where the body starts)."""
    if not text.startswith("---"):
        return None, text, 1
    first_end = text.find("\n")
    if first_end == -1 or text[3:first_end].strip():
        return None, text, 1
    # The closing line is the first after the opening one that is `---` or `...` (trailing
    # blanks allowed): only lines starting so are looked at, found with `str.find`.
    newline = first_end
    while True:
        dashes = text.find("\n---", newline)
        dots = text.find("\n...", newline, len(text) if dashes == -1 else dashes)
        candidate = dashes if dots == -1 else dots
        if candidate == -1:
            return None, text, 1
        start = candidate + 1
        end = text.find("\n", start)
        current = text[start:] if end == -1 else text[start:end]
        if current.rstrip() in ("---", "..."):
            body = "" if end == -1 else text[end + 1 :]
            return text[first_end + 1 : start], body, text.count("\n", 0, start) + 2
        if end == -1:
            return None, text, 1
        newline = end


def _expanded_size(node: yaml.Node, memo: dict[int, int], depth: int = 0) -> int:
    key = id(node)
    if key in memo:
        return memo[key]
    if depth > 200:
        return MAX_YAML_NODES + 1
    memo[key] = MAX_YAML_NODES + 1  # a recursive alias counts as too large
    if isinstance(node, yaml.MappingNode):
        size = 1 + sum(
            _expanded_size(k, memo, depth + 1) + _expanded_size(v, memo, depth + 1)
            for k, v in node.value
        )
    elif isinstance(node, yaml.SequenceNode):
        size = 1 + sum(_expanded_size(v, memo, depth + 1) for v in node.value)
    else:
        size = 1
    memo[key] = min(size, MAX_YAML_NODES + 1)
    return memo[key]


class _Unusual(Exception):
    """The front matter holds something `_build` leaves to the full path."""


# The two timestamp forms records use, which `date`/`datetime.fromisoformat` read exactly
# as PyYAML does (a UTC `Z` becomes `timezone.utc`); any other form goes through PyYAML.
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")
_ISO_UTC = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z\Z")


def _scalar(loader: Any, node: yaml.ScalarNode) -> Any:
    if node.tag == _TIMESTAMP:
        value = node.value
        try:
            if _ISO_DATE.match(value):
                return date.fromisoformat(value)
            if _ISO_UTC.match(value):
                return datetime.fromisoformat(value)
        except ValueError:  # `2026-02-30`: PyYAML's path below keeps the text
            pass
    return loader.construct_object(node, deep=True)


def _build(loader: Any, node: yaml.Node, depth: int, found: list[tuple[str, int]]) -> Any:
    """The data of a collection node, built in the same walk that finds repeated keys.

    The common case of front matter only: plain lists and string-keyed mappings no more
    than MAX_YAML_DEPTH deep (counted as `duplicate_keys` does), in a text without aliases.
    Anything else raises `_Unusual` and `parse_yaml` takes the full path, which gives the
    same data and diagnostics in two walks.
    """
    items = node.value
    if depth >= MAX_YAML_DEPTH and items:
        raise _Unusual  # the full path drops what is too deep, with a diagnostic
    cls = node.__class__
    if cls is MappingNode and node.tag == _MAP:
        out: dict[str, Any] = {}
        for key, value in items:
            if key.__class__ is not ScalarNode or key.tag != _STR:
                raise _Unusual  # a number, date or merge (`<<`) key, or a collection
            name = key.value
            if name in out:
                found.append((name, key.start_mark.line))
            if value.__class__ is ScalarNode:
                out[name] = value.value if value.tag == _STR else _scalar(loader, value)
            else:
                out[name] = _build(loader, value, depth + 1, found)
        return out
    if cls is SequenceNode and node.tag == _SEQ:
        return [
            (item.value if item.tag == _STR else _scalar(loader, item))
            if item.__class__ is ScalarNode
            else _build(loader, item, depth + 1, found)
            for item in items
        ]
    raise _Unusual  # another tag (`!!set`, `!!omap`, a custom one)


def duplicate_keys(node: yaml.Node) -> tuple[list[tuple[str, int]], int]:
    """(key, 0-based line) of every key that repeats one before it in the same mapping, and
    the deepest nesting met (aliases are walked once, so through them it may be more).

    libyaml keeps the last of two equal keys without a word: a second `visibility:` would
    silently win. Walked iteratively so that deep nesting cannot exhaust the stack.
    """
    found: list[tuple[str, int]] = []
    stack = [(node, 1)]
    seen_nodes: set[int] = set()
    deepest = 0
    while stack:
        current, depth = stack.pop()
        if id(current) in seen_nodes:  # an alias: the same node again
            continue
        seen_nodes.add(id(current))
        if depth > deepest:
            deepest = depth
        if isinstance(current, yaml.MappingNode):
            keys: set[str] = set()
            for key, value in current.value:
                if isinstance(key, yaml.ScalarNode):
                    if key.value in keys:
                        found.append((key.value, key.start_mark.line))
                    keys.add(key.value)
                else:
                    stack.append((key, depth + 1))
                stack.append((value, depth + 1))
        elif isinstance(current, yaml.SequenceNode):
            stack.extend((item, depth + 1) for item in current.value)
    return sorted(found, key=lambda item: item[1]), deepest


def _too_deep(node: yaml.Node, limit: int) -> bool:
    """True when the node nests collections more than `limit` levels deep (aliases included)."""
    deepest: dict[int, int] = {}
    stack = [(node, 1)]
    while stack:
        current, depth = stack.pop()
        if depth > limit:
            return True
        if deepest.get(id(current), 0) >= depth:
            continue  # an alias seen at this depth or deeper already
        deepest[id(current)] = depth
        if isinstance(current, yaml.MappingNode):
            for key, value in current.value:
                stack.append((key, depth + 1))
                stack.append((value, depth + 1))
        elif isinstance(current, yaml.SequenceNode):
            stack.extend((item, depth + 1) for item in current.value)
    return False


def _drop_deep_values(node: yaml.Node, rel: str, fm_line: int, diags: Diagnostics) -> None:
    """Remove the top-level fields nested too deeply, each reported on its line."""
    if not isinstance(node, yaml.MappingNode):
        return
    kept = []
    for key, value in node.value:
        if isinstance(value, (yaml.MappingNode, yaml.SequenceNode)) and _too_deep(
            value, MAX_YAML_DEPTH
        ):
            diags.add(
                "SKMS005",
                rel,
                f"{getattr(key, 'value', 'a key')!r} is nested more than {MAX_YAML_DEPTH} "
                "levels deep; ignored",
                line=fm_line + key.start_mark.line,
                hint="front-matter values are a few levels deep at most",
            )
            continue
        kept.append((key, value))
    node.value = kept


def _top_lines(node: yaml.Node) -> set[int] | None:
    """The 0-based lines of the top-level keys; None when the node is not a mapping."""
    return {k.start_mark.line for k, _v in node.value} if isinstance(node, MappingNode) else None


def _report_duplicates(
    top: set[int] | None,
    duplicates: list[tuple[str, int]],
    rel: str,
    fm_line: int,
    diags: Diagnostics,
    repeated: set[str] | None,
) -> None:
    if not duplicates:
        return
    for key, line in duplicates:
        diags.add(
            "SKMS210",
            rel,
            f"key {key!r} is written twice; YAML would keep the last one silently",
            line=fm_line + line,
            hint="keep one of the two lines",
        )
        if repeated is not None and top is not None and line in top:
            repeated.add(key)


def parse_yaml(
    fm: str, rel: str, fm_line: int, diags: Diagnostics, repeated: set[str] | None = None
) -> tuple[Any, bool]:
    """(data, ok). Aliases are expanded only after their total size is bounded.

    A key written twice in one mapping is an error (SKMS210); the data keeps the last, as
    YAML does, and the top-level keys written twice are added to `repeated` for the caller
    to decide what that means for the record (a repeated `visibility` cannot be trusted).
    """
    plain = _PLAIN.parse(fm)
    if plain is not None:  # the usual shape, read without libyaml: the same data and keys
        data, repeats, top = plain
        _report_duplicates(top, repeats, rel, fm_line, diags, repeated)
        return data, True
    loader = YamlLoader(fm)
    try:
        node = loader.get_single_node()
        if node is None:
            return {}, True
        if "*" not in fm and node.__class__ is not ScalarNode:
            found: list[tuple[str, int]] = []
            try:
                data = _build(loader, node, 1, found)
            except (_Unusual, yaml.YAMLError):
                # The full path, from a clean constructor (a failed value stays marked as
                # under construction): the same data, or the same error after the same SKMS210s.
                yaml.constructor.BaseConstructor.__init__(loader)
            else:
                _report_duplicates(_top_lines(node), found, rel, fm_line, diags, repeated)
                return data, True
        duplicates, deepest = duplicate_keys(node)
        _report_duplicates(_top_lines(node), duplicates, rel, fm_line, diags, repeated)
        if deepest > MAX_YAML_DEPTH or "*" in fm:  # an alias can nest deeper than the walk saw
            _drop_deep_values(node, rel, fm_line, diags)
        if "*" in fm and _expanded_size(node, {}) > MAX_YAML_NODES:
            diags.add(
                "SKMS005",
                rel,
                f"front matter expands to more than {MAX_YAML_NODES} values through aliases",
                line=fm_line,
                hint="write the values out instead of using YAML anchors and aliases",
            )
            return None, False
        return loader.construct_document(node), True
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = fm_line + mark.line if mark else fm_line
        column = mark.column + 1 if mark else None
        problem = getattr(exc, "problem", None) or str(exc)
        hint = "quote values that contain ': ' or start with a special character"
        bad_line = fm.split("\n")[mark.line] if mark and mark.line < fm.count("\n") + 1 else ""
        if "\t" in bad_line[: (mark.column + 1) if mark else None] or "tab" in problem.lower():
            hint = "YAML does not allow tabs for indentation; indent with spaces"
        diags.add("SKMS003", rel, f"invalid YAML: {problem}", line=line, column=column, hint=hint)
        return None, False
    except RecursionError:
        diags.add("SKMS005", rel, "front matter is nested too deeply", line=fm_line)
        return None, False
    finally:
        loader.dispose()
