"""Configuration: the `skms` entry under `plugins:` in mkdocs.yml, shared by the CLI and the plugin."""

from __future__ import annotations

import os
import re
import typing
from datetime import date
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from .diagnostics import CODES
from .ids import analyse, check_pattern, prose_patterns
from .kinds import KINDS, SPECS

try:
    from re import _parser as _sre_parse  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - Python 3.10
    import sre_parse as _sre_parse

DEFAULT_CONTENT = {spec.folder: name for name, spec in SPECS.items()}
DEFAULT_IDS = {name: spec.id_pattern for name, spec in SPECS.items()}

Audience = Literal["public", "internal", "all"]


class ConfigError(Exception):
    """The configuration cannot be used; the CLI exits 2."""


class RepoConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str
    path: str
    url: str | None = None


class MetricsWindow(BaseModel):
    """The period the metrics page's incidents-over-time chart covers (default: all the data).

    `from`/`to` are dates; `months` is the last N months of the data (or of `to`).
    """

    model_config = ConfigDict(extra="forbid", populate_by_name=True)
    from_: date | None = Field(None, alias="from")
    to: date | None = None
    months: int | None = Field(None, ge=1)

    @model_validator(mode="after")
    def _one_start(self) -> MetricsWindow:
        if self.from_ is not None and self.months is not None:
            raise ValueError("give `from` or `months`, not both")
        if self.from_ is not None and self.to is not None and self.from_ > self.to:
            raise ValueError("`from` is after `to`")
        return self


Relation = Literal["fix", "work", "mention"]
DEFAULT_TRAILERS: dict[str, Relation] = {"Fixes": "fix", "Resolves": "fix", "Closes": "fix"}
DEFAULT_FIX_WORDS = [
    "fix",
    "fixes",
    "fixed",
    "close",
    "closes",
    "closed",
    "resolve",
    "resolves",
    "resolved",
    "hotfix",
    "bugfix",
]


class CommitConventions(BaseModel):
    """How the team's commit messages say what a commit did to the records (tickets) it names."""

    model_config = ConfigDict(extra="forbid")
    fix_words: list[str] = Field(default_factory=lambda: list(DEFAULT_FIX_WORDS))
    fix_word_after_id: bool = True  # "OAK-1: Fix the GC" is a fix, as "Fix OAK-1" is
    key_first: Relation = "work"  # a subject that starts with an id ("OAK-1: …")
    trailers: dict[str, Relation] = Field(default_factory=lambda: dict(DEFAULT_TRAILERS))
    patterns: dict[str, Relation] = Field(default_factory=dict)  # regex with {id} -> relation

    @field_validator("fix_words")
    @classmethod
    def _words(cls, value: list[str]) -> list[str]:
        for word in value:
            if not re.fullmatch(r"[\w][\w -]*", word or ""):
                raise ValueError(f"fix word {word!r}: use letters, digits, spaces or dashes")
        return value

    @field_validator("patterns")
    @classmethod
    def _patterns(cls, value: dict[str, str]) -> dict[str, str]:
        for text in value:
            if "{id}" not in text:
                raise ValueError(f"pattern {text!r} must contain {{id}} where the id is written")
            try:
                re.compile(text.replace("{id}", "(?P<skms_id>X)"))
            except re.error as exc:
                raise ValueError(f"pattern {text!r} is not a regular expression: {exc}") from None
        return value


class Tracker(BaseModel):
    """An issue tracker: ids of its pattern link to `url` (with {id}, {number} or a named group)."""

    model_config = ConfigDict(extra="forbid")
    url: str
    # An id of this tracker with no record: a plain link (no finding), or a warning / error.
    missing: Literal["link", "warning"] = "link"


def _statuses() -> dict[str, tuple[str, ...]]:
    """Kind -> the values its `status` field accepts (from the kind's model)."""
    out = {}
    for name, spec in SPECS.items():
        field = spec.model.model_fields.get("status")
        if field is not None:
            out[name] = typing.get_args(field.annotation)
    return out


STATUSES = _statuses()


class Rule(BaseModel):
    """One entry of `rules`: a level for a code, for all records or those matching every scope."""

    model_config = ConfigDict(extra="forbid")

    code: str
    level: Literal["error", "warning", "off"]
    kind: str | None = None
    status: list[str] | None = None
    paths: list[str] | None = None  # globs relative to mkdocs.yml, `**` for any folders
    before: date | None = None  # records whose latest date (a review's `resolved`...) is earlier

    @field_validator("code")
    @classmethod
    def _known_code(cls, value: str) -> str:
        value = value.strip().upper()
        if value not in CODES:
            raise ValueError(f"unknown diagnostic code {value!r} (see the README's rule table)")
        if value == "SKMS501":
            raise ValueError("SKMS501 (invalid configuration) cannot be tuned")
        return value

    @field_validator("level", mode="before")
    @classmethod
    def _yaml_off(cls, value: Any) -> Any:
        # YAML 1.1 reads an unquoted `off` as false.
        return "off" if value is False else value

    @field_validator("kind")
    @classmethod
    def _known_kind(cls, value: str | None) -> str | None:
        if value is not None and value not in KINDS:
            raise ValueError(f"unknown kind {value!r} (one of {', '.join(KINDS)})")
        return value

    @field_validator("status", "paths", mode="before")
    @classmethod
    def _one_or_many(cls, value: Any) -> Any:
        return [value] if isinstance(value, str) else value

    @field_validator("status")
    @classmethod
    def _known_status(cls, value: list[str] | None, info: Any) -> list[str] | None:
        if value is None:
            return None
        kind = info.data.get("kind")
        allowed = set(STATUSES.get(kind, ())) if kind else {s for v in STATUSES.values() for s in v}
        for status in value:
            if status not in allowed:
                raise ValueError(
                    f"unknown status {status!r}"
                    + (f" for kind {kind}" if kind else "")
                    + f" (one of {', '.join(sorted(allowed))})"
                )
        return value


def _rules(value: Any) -> Any:
    """`rules` is a list of entries, or a mapping code -> level as a shorthand for unscoped ones."""
    if isinstance(value, dict):
        return [{"code": code, "level": level} for code, level in value.items()]
    return value


class SiteSettings(BaseModel):
    """What skms reads of mkdocs.yml outside its own entry: to check links and offline use."""

    config_file: str = "mkdocs.yml"  # relative to the config's folder: where findings point
    docs_dir: str = "docs"
    site_url: str | None = None
    theme: Any = None  # as written: a name, or a mapping with `name`, `font`...
    extra_css: list[Any] = Field(default_factory=list)
    extra_javascript: list[Any] = Field(default_factory=list)
    text: str = ""  # the file itself, to point findings at their line
    read: bool = False  # False for a config made in code: nothing to say about the site's settings


class SkmsConfig(BaseModel):
    """Options of the `skms` plugin entry; every one has a default."""

    model_config = ConfigDict(extra="forbid")

    content: dict[str, str] = Field(default_factory=lambda: dict(DEFAULT_CONTENT))
    ids: dict[str, str] = Field(default_factory=lambda: dict(DEFAULT_IDS))
    severities: list[str] = Field(default_factory=lambda: ["SEV1", "SEV2", "SEV3", "SEV4", "SEV5"])
    default_visibility: Literal["public", "internal", "restricted"] = "internal"
    audience: Audience = "internal"
    review_every: int = Field(180, ge=1)
    repos: list[RepoConfig] = Field(default_factory=list)
    scan_own_repo: bool = True
    cache_dir: str = ".skms-cache"
    alert_rules: list[str] = Field(default_factory=list)  # globs of Prometheus rule files
    templates_dir: str | None = None
    # The site's search: Pagefind (indexed after the build, fetched in chunks per query),
    # Material's own lunr search (the `search` plugin), or none.
    search: Literal["pagefind", "material", "none"] = "pagefind"
    metrics_window: MetricsWindow | None = None
    # Which tags get a page of their own: every tag, tags on two or more records, or none.
    tag_pages: Literal["all", "shared", "none"] = "shared"
    trackers: dict[str, Tracker] = Field(default_factory=dict)  # id pattern -> tracker
    commit_conventions: CommitConventions = Field(default_factory=CommitConventions)
    rules: list[Rule] = Field(default_factory=list)
    # Raw HTML in record bodies and hand-written pages is sanitized (scripts, event handlers,
    # javascript: and data: URLs, iframes dropped); true publishes it as written.
    trusted_html: bool = False
    # Filled by load_config, not by users.
    root: Path = Field(default=Path("."), exclude=True)
    site_url: str | None = Field(default=None, exclude=True)  # mkdocs.yml's, for suggested URLs
    site: SiteSettings = Field(default_factory=SiteSettings, exclude=True)

    @field_validator("rules", mode="before")
    @classmethod
    def _rules_shape(cls, value: Any) -> Any:
        return _rules(value)

    @field_validator("content")
    @classmethod
    def _content_kinds(cls, value: dict[str, str]) -> dict[str, str]:
        for folder, kind in value.items():
            if kind not in KINDS:
                raise ValueError(
                    f"folder {folder!r}: unknown kind {kind!r} (one of {', '.join(KINDS)})"
                )
        return value

    @field_validator("ids")
    @classmethod
    def _id_patterns(cls, value: dict[str, str]) -> dict[str, str]:
        merged = dict(DEFAULT_IDS)
        for kind, pattern in value.items():
            if kind not in KINDS:
                raise ValueError(f"ids: unknown kind {kind!r} (one of {', '.join(KINDS)})")
            problem = check_pattern(pattern) if isinstance(pattern, str) else "not a string"
            if problem:
                raise ValueError(
                    f"ids.{kind}: {pattern!r} cannot be used as an id pattern: {problem}"
                )
            if _backtracks(pattern):
                raise ValueError(
                    f"ids.{kind}: {pattern!r} repeats a group that itself repeats or "
                    "alternates, which can take exponential time on a file name"
                    " (write e.g. INC-\\d{4,})"
                )
            merged[kind] = pattern
        return merged

    @field_validator("trackers", mode="before")
    @classmethod
    def _trackers(cls, value: Any) -> Any:
        if not isinstance(value, dict):
            return value
        out = {}
        for pattern, tracker in value.items():
            problem = check_pattern(pattern) if isinstance(pattern, str) else "not a string"
            if problem:
                raise ValueError(f"{pattern!r} cannot be used as an id pattern: {problem}")
            if isinstance(tracker, str):
                tracker = {"url": tracker}
            url = tracker.get("url") if isinstance(tracker, dict) else None
            if isinstance(url, str):
                groups = set(re.compile(analyse(pattern).body).groupindex)
                for name in re.findall(r"\{(\w*)\}", url):
                    if name not in ("id", "number", *groups):
                        raise ValueError(
                            f"{pattern!r}: the url template names {{{name}}}; use {{id}}, "
                            "{number} or a named group of the pattern"
                        )
                if not url.startswith(("https://", "http://")):
                    raise ValueError(f"{pattern!r}: the url must start with https:// or http://")
            out[pattern] = tracker
        return out

    def id_regex(self, kind: str) -> re.Pattern[str]:
        return re.compile(rf"(?:{analyse(self.ids[kind]).body})\Z", _flags(self.ids[kind]))

    def prefixed_kinds(self) -> dict[str, str]:
        """Kinds whose ids are found as bare words in prose and commit messages (their pattern
        matches no ordinary word: `INC-\\d{4,}`, `[A-Z]+-\\d+`), mapped to their pattern.
        Slug kinds (runbooks, services) are linked with `[[id]]` only."""
        return prose_patterns(self.ids)

    def bare_id_patterns(self) -> list[str]:
        """The patterns searched for in prose: kinds found in prose, then trackers."""
        return list(dict.fromkeys([*self.prefixed_kinds().values(), *self.trackers]))

    def tracker_of(self, record_id: str) -> tuple[str, Tracker] | None:
        """(pattern, tracker) whose pattern an id matches, the first configured one."""
        for pattern, tracker in self.trackers.items():
            if re.compile(rf"(?:{analyse(pattern).body})\Z", _flags(pattern)).match(record_id):
                return pattern, tracker
        return None

    def tracker_url(self, record_id: str) -> str | None:
        """The ticket's address in its tracker, or None when no tracker has the id."""
        found = self.tracker_of(record_id)
        if found is None:
            return None
        pattern, tracker = found
        m = re.compile(rf"(?:{analyse(pattern).body})\Z", _flags(pattern)).match(record_id)
        values = {k: v for k, v in (m.groupdict() if m else {}).items() if v is not None}
        digits = re.findall(r"\d+", record_id)
        values.setdefault("id", record_id)
        values.setdefault("number", digits[-1] if digits else record_id)
        return re.sub(
            r"\{(\w+)\}", lambda g: _url_part(values.get(g.group(1), g.group(0))), tracker.url
        )

    def kind_of_tracker(self, kind: str) -> bool:
        """The kind's id pattern is a tracker's: its ids are the tracker's, not invented here."""
        return self.ids.get(kind) in self.trackers

    def content_paths(self) -> list[tuple[Path, str]]:
        return [(self.root / folder, kind) for folder, kind in sorted(self.content.items())]


def _flags(pattern: str) -> int:
    return re.IGNORECASE if analyse(pattern).ignore_case else 0


def _url_part(value: str) -> str:
    from urllib.parse import quote

    return quote(value, safe="-_.~")


_P = _sre_parse
_REPEATS = {_P.MAX_REPEAT, _P.MIN_REPEAT}


def _may_match(items: object, code: int) -> bool:
    """Whether the parsed pattern could match the character `code` anywhere (conservative)."""
    char = chr(code)
    for op, arg in items:  # type: ignore[attr-defined]
        if op is _P.LITERAL and arg == code:
            return True
        if op is _P.ANY or op is _P.NOT_LITERAL:
            return True
        if op is _P.IN:
            for sub_op, sub_arg in arg:
                if sub_op is _P.NEGATE:
                    return True
                if sub_op is _P.LITERAL and sub_arg == code:
                    return True
                if sub_op is _P.RANGE and sub_arg[0] <= code <= sub_arg[1]:
                    return True
                if sub_op is _P.CATEGORY:
                    name = str(sub_arg)
                    if "NOT" in name or (
                        ("DIGIT" in name and char.isdigit())
                        or ("WORD" in name and (char.isalnum() or char == "_"))
                        or ("SPACE" in name and char.isspace())
                    ):
                        return True
        elif op in _REPEATS:
            if _may_match(arg[2], code):
                return True
        elif op is _P.SUBPATTERN:
            if _may_match(arg[-1], code):
                return True
        elif op is _P.BRANCH:
            if any(_may_match(branch, code) for branch in arg[1]):
                return True
        elif op not in (_P.AT,):
            return True  # anything else (lookarounds, group references): assume it may
    return False


def _backtracks(pattern: str) -> bool:
    """True when a repeated group contains a repeat or an alternation: `(a+)+`, `(a|a)*`.

    These are the patterns whose matching time grows exponentially with the input (the
    classic catastrophic backtracking). A repeated group that starts with a separator its
    inside never matches (`[a-z0-9]+(?:-[a-z0-9]+)*`, the default slug) is unambiguous and
    allowed.
    """

    def ambiguous(sub: list[Any]) -> bool:
        # Each round must start with a literal the rest of the round cannot match.
        if sub and sub[0][0] is _P.SUBPATTERN:
            sub = list(sub[0][1][-1])
        if sub and sub[0][0] is _P.LITERAL and "BRANCH" not in str(sub):
            return _may_match(sub[1:], sub[0][1])
        return True

    def walk(items: object, inside_repeat: bool) -> bool:
        for op, arg in items:  # type: ignore[attr-defined]
            if op in _REPEATS:
                _low, high, sub = arg
                many = high is _P.MAXREPEAT or high > 1
                if inside_repeat and many:
                    return True
                nested = many and ambiguous(list(sub))
                if walk(sub, inside_repeat or nested):
                    return True
            elif op is _P.BRANCH:
                if inside_repeat:
                    return True
                if any(walk(branch, inside_repeat) for branch in arg[1]):
                    return True
            elif op is _P.SUBPATTERN:
                if walk(arg[-1], inside_repeat):
                    return True
            elif op in (_P.ASSERT, _P.ASSERT_NOT):
                if walk(arg[1], inside_repeat):
                    return True
        return False

    return walk(_P.parse(pattern), False)


def docs_overlap(config: SkmsConfig, docs_dir: str | Path) -> str | None:
    """What is wrong when a content folder and MkDocs' docs_dir overlap, else None.

    MkDocs publishes every file of docs_dir as is, to every audience: a record there would
    be published raw, restricted or not.
    """
    docs = os.path.realpath(config.root / docs_dir)
    for folder, _kind in config.content_paths():
        content = os.path.realpath(folder)
        inside = content == docs or content.startswith(docs + os.sep)
        if inside or docs.startswith(content + os.sep):
            rel = os.path.relpath(folder, config.root).replace(os.sep, "/")
            return (
                f"content folder {rel!r} overlaps docs_dir {str(docs_dir)!r}: MkDocs would publish "
                "its files raw, to every audience; keep records outside the docs folder"
            )
    return None


class _TolerantLoader(yaml.SafeLoader):
    """Reads mkdocs.yml, whose `!ENV` and `!!python/name:` tags we don't need to evaluate."""


def _ignore_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node)
    if isinstance(node, yaml.MappingNode):
        return loader.construct_mapping(node)
    return None


_TolerantLoader.add_multi_constructor("!", _ignore_tag)
_TolerantLoader.add_multi_constructor("tag:yaml.org,2002:python/", _ignore_tag)


def plugin_options(mkdocs_config: dict[str, Any]) -> dict[str, Any] | None:
    """The options given to `skms` in a mkdocs config's plugins, or None when it is not listed."""
    plugins = mkdocs_config.get("plugins") or []
    if isinstance(plugins, dict):
        plugins = [{k: v} for k, v in plugins.items()]
    for entry in plugins:
        if entry == "skms":
            return {}
        if isinstance(entry, dict) and "skms" in entry:
            return entry["skms"] or {}
    return None


def from_options(options: dict[str, Any], root: Path) -> SkmsConfig:
    try:
        config = SkmsConfig.model_validate(options)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc']) or 'skms'}: {err['msg']}"
            for err in exc.errors()
        )
        raise ConfigError(f"invalid skms options: {problems}") from None
    config.root = root
    return config


def read_mkdocs_yml(path: Path) -> tuple[dict[str, Any], str]:
    """A mkdocs.yml as data (tags not evaluated) and as text."""
    if not path.is_file():
        raise ConfigError(f"{path}: config file not found (pass -f/--config-file)")
    try:
        text = path.read_text(encoding="utf-8")
        data = yaml.load(text, Loader=_TolerantLoader) or {}
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read config: {exc}") from None
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: config is not a mapping")
    return data, text


def site_settings(data: dict[str, Any], text: str, config_file: Path) -> SiteSettings:
    def as_list(value: Any) -> list[Any]:
        return value if isinstance(value, list) else []

    docs_dir = data.get("docs_dir")
    site_url = data.get("site_url")
    return SiteSettings(
        config_file=config_file.name,
        docs_dir=docs_dir if isinstance(docs_dir, str) and docs_dir else "docs",
        site_url=site_url if isinstance(site_url, str) and site_url.strip() else None,
        theme=data.get("theme"),
        extra_css=as_list(data.get("extra_css")),
        extra_javascript=as_list(data.get("extra_javascript")),
        text=text,
        read=True,
    )


def load_config(config_file: str | Path = "mkdocs.yml") -> SkmsConfig:
    """Read the skms options from a mkdocs.yml; a missing `skms` entry means all defaults."""
    path = Path(config_file)
    data, text = read_mkdocs_yml(path)
    options = plugin_options(data)
    try:
        config = from_options(options or {}, path.resolve().parent)
        url = data.get("site_url")
        config.site_url = url if isinstance(url, str) and url.strip() else None
    except ConfigError as exc:
        raise ConfigError(f"{path}: {exc}") from None
    config.site = site_settings(data, text, path)
    overlap = docs_overlap(config, str(data.get("docs_dir") or "docs"))
    if overlap:
        raise ConfigError(f"{path}: {overlap}")
    return config
