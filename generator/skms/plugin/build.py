"""`skms build` and `skms serve`: MkDocs driven with the `skms` plugin, plus its diagnostics.

Both drive MkDocs through its Python API, so a team can equally run `mkdocs build` or
`mkdocs serve`; these commands add the audience switch, a missing docs folder supplied, and
the findings printed once in `skms check`'s format instead of as MkDocs log lines.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..diagnostics import Diagnostic, Diagnostics
from .plugin import SkmsPlugin
from .search import IndexStats
from .setup import docs_dir_supplied


class SiteError(Exception):
    """The site cannot be built: bad configuration (exit 2) or MkDocs gave up (exit 1)."""

    def __init__(self, message: str, *, configuration: bool = False) -> None:
        super().__init__(message)
        self.configuration = configuration


@dataclass
class BuildResult:
    site_dir: Path
    # The skms findings, at the levels the team's `rules` set, as this audience may read them
    # (hidden ids reworded); those about records it does not see are in `withheld`.
    diagnostics: Diagnostics
    pages: int
    mkdocs_warnings: list[str] = field(default_factory=list)  # MkDocs' own, and other plugins'
    withheld: list[Diagnostic] = field(default_factory=list)
    search_index: IndexStats | None = None  # None: no Pagefind index written


class _Collect(logging.Handler):
    """Keeps the warnings MkDocs logs during a build, to count them as `--strict` does."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextmanager
def _collected_warnings() -> Iterator[_Collect]:
    logger = logging.getLogger("mkdocs")
    handler = _Collect()
    logger.addHandler(handler)
    try:
        yield handler
    finally:
        logger.removeHandler(handler)


def _quiet_material_banner() -> None:
    # Material prints a multi-line notice on every run; it is noise in CI logs.
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


class _StderrHandler(logging.StreamHandler):
    """Writes to whatever sys.stderr is at the time (click's test runner swaps it)."""

    @property
    def stream(self):  # noqa: ANN201
        return sys.stderr

    @stream.setter
    def stream(self, value: object) -> None:
        pass


def setup_logging(verbose: bool = True) -> None:
    """MkDocs' own CLI installs its log handler; through the API we do it ourselves."""
    logger = logging.getLogger("mkdocs")
    if not any(isinstance(h, _StderrHandler) for h in logger.handlers):
        handler = _StderrHandler()
        handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
        logger.addHandler(handler)
    logger.setLevel(logging.INFO if verbose else logging.WARNING)
    logger.propagate = False


def build_site(
    config_file: Path,
    *,
    audience: str | None = None,
    site_dir: Path | None = None,
) -> BuildResult:
    """Build the site once; raise SiteError when MkDocs cannot.

    The skms findings come back in the result rather than as log lines, with the warnings
    MkDocs logged, so that the caller decides what `--strict` makes of both.
    """
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError

    _quiet_material_banner()
    with _collected_warnings() as warnings, docs_dir_supplied(config_file) as overrides:
        if site_dir is not None:
            overrides = {**overrides, "site_dir": str(site_dir)}
        try:
            config = load_config(config_file=str(config_file), **overrides)
        except (ConfigurationError, Abort) as exc:
            raise SiteError(str(exc), configuration=True) from None
        plugin = config.plugins.get("skms")
        if not isinstance(plugin, SkmsPlugin):
            raise SiteError(
                f"{config_file}: the `skms` plugin is not listed under `plugins:`",
                configuration=True,
            )
        config.plugins.on_startup(command="build", dirty=False)
        previous = SkmsPlugin.log_findings
        SkmsPlugin.log_findings = False
        try:
            with audience_override(audience):
                build(config)
        except Abort as exc:
            raise SiteError(str(exc)) from None
        finally:
            SkmsPlugin.log_findings = previous
            config.plugins.on_shutdown()
    site = plugin.site
    assert site is not None
    return BuildResult(
        Path(config.site_dir),
        Diagnostics(site.diagnostics),
        len(site.record_files),
        warnings.messages,
        site.withheld,
        plugin.search.stats if plugin.search else None,
    )


@contextmanager
def audience_override(audience: str | None) -> Iterator[None]:
    """Builds inside this block are for `audience` (None: the configured one); then restored."""
    previous = SkmsPlugin.audience_override
    SkmsPlugin.audience_override = audience
    try:
        yield
    finally:
        SkmsPlugin.audience_override = previous


def serve_site(
    config_file: Path, *, dev_addr: str | None, audience: str | None, strict: bool
) -> None:
    """Build, serve and rebuild on every change of the docs or content folders."""
    from mkdocs.commands.serve import serve

    _quiet_material_banner()
    with docs_dir_supplied(config_file) as overrides:
        kwargs: dict[str, Any] = (
            {**overrides, "dev_addr": dev_addr} if dev_addr else dict(overrides)
        )
        with audience_override(audience):
            serve(config_file=str(config_file), strict=strict, **kwargs)
