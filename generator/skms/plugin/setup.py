"""What the plugin changes in MkDocs' settings so that a plain setup works, and says so.

- Material's web font is turned off unless mkdocs.yml sets `theme.font`: the site works
  offline (`skms check` reports a font set on purpose as SKMS502).
- MkDocs' own "link not found" warning is lowered to a debug line: skms reports the same
  links as SKMS106 with their line, at the level the team's `rules` give it, so `skms check`
  and `skms build --strict` agree.
- The home page: which one is used is logged at every build.
- A missing `docs_dir` (git keeps no empty folder, so a fresh clone has none) is replaced,
  for `skms build` and `skms serve`, by an empty folder outside the repository.
"""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files

from ..config import ConfigError, SiteSettings, read_mkdocs_yml, site_settings
from ..rules.setup import material_font_left_default

log = logging.getLogger("mkdocs.plugins.skms")


def settings_of(config_file_path: str | None) -> SiteSettings:
    """The settings skms reads from mkdocs.yml, as `skms check` reads them."""
    if not config_file_path:
        return SiteSettings()
    path = Path(config_file_path)
    try:
        data, text = read_mkdocs_yml(path)
    except ConfigError:
        return SiteSettings()
    return site_settings(data, text, path)


def adjust_config(config: MkDocsConfig, settings: SiteSettings) -> None:
    """Offline font and link validation, before MkDocs reads any page."""
    if config.theme.name == "material" and material_font_left_default(settings):
        config.theme["font"] = False
    links = config.validation.links
    if links.not_found > logging.DEBUG:
        links.not_found = logging.DEBUG


def log_home(files: Files, docs_dir: str) -> bool:
    """Log which home page the site has; True when the docs folder provides one."""
    own = next((f for f in files.documentation_pages() if f.dest_uri == "index.html"), None)
    if own is not None:
        log.info(
            f"skms: home page is {docs_dir}/{own.src_uri} (yours); rename or remove it "
            "to get the generated incident home back"
        )
        return True
    log.info(
        f"skms: home page is the generated incident home (a {docs_dir}/index.md would replace it)"
    )
    return False


@contextmanager
def docs_dir_supplied(config_file: Path) -> Iterator[dict[str, str]]:
    """Overrides for MkDocs' config: an empty temporary `docs_dir` when the configured one is missing.

    MkDocs refuses a missing docs_dir before any plugin runs; the records need none.
    """
    try:
        data, _text = read_mkdocs_yml(config_file)
    except ConfigError:
        yield {}
        return
    docs = config_file.resolve().parent / site_settings(data, "", config_file).docs_dir
    if docs.is_dir():
        yield {}
        return
    with tempfile.TemporaryDirectory(prefix="skms-docs-") as empty:
        log.info(f"skms: no {docs.name}/ folder: building from the records alone")
        yield {"docs_dir": empty}
