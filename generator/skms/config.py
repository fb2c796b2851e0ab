"""Configuration: the `skms` entry under `plugins:` in mkdocs.yml, shared by the CLI and the plugin."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from .kinds import KINDS, SPECS

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
    # Filled by load_config, not by users.
    root: Path = Field(default=Path("."), exclude=True)
    site_url: str | None = Field(default=None, exclude=True)  # mkdocs.yml's, for suggested URLs

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
            try:
                re.compile(pattern)
            except re.error as exc:
                raise ValueError(
                    f"ids.{kind}: invalid regular expression {pattern!r}: {exc}"
                ) from exc
            merged[kind] = pattern
        return merged

    def id_regex(self, kind: str) -> re.Pattern[str]:
        return re.compile(rf"(?:{self.ids[kind]})\Z")

    def prefixed_kinds(self) -> dict[str, str]:
        """Kinds whose ids start with a literal prefix (INC-, PRB-...), mapped to that prefix."""
        out = {}
        for kind, pattern in self.ids.items():
            m = re.match(r"([A-Za-z]+-)", pattern)
            if m:
                out[kind] = m.group(1)
        return out

    def content_paths(self) -> list[tuple[Path, str]]:
        return [(self.root / folder, kind) for folder, kind in sorted(self.content.items())]


class _TolerantLoader(yaml.SafeLoader):
    """Reads mkdocs.yml, whose `!ENV` and `!!python/name:` tags we don't need to evaluate."""


def _ignore_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node)
    return loader.construct_mapping(node)


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


def load_config(config_file: str | Path = "mkdocs.yml") -> SkmsConfig:
    """Read the skms options from a mkdocs.yml; a missing `skms` entry means all defaults."""
    path = Path(config_file)
    if not path.is_file():
        raise ConfigError(f"{path}: config file not found (pass -f/--config-file)")
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_TolerantLoader) or {}
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read config: {exc}") from None
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: config is not a mapping")
    options = plugin_options(data)
    try:
        config = from_options(options or {}, path.resolve().parent)
        url = data.get("site_url")
        config.site_url = url if isinstance(url, str) and url.strip() else None
        return config
    except ConfigError as exc:
        raise ConfigError(f"{path}: {exc}") from None
