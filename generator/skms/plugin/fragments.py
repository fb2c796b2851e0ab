"""Small HTML fragments every template uses: links to records, badges, tags, change refs.

They are template globals written in Python rather than Jinja macros because they run tens of
thousands of times per build and a macro call costs ten times a function call. Every value
from a record goes through `escape`, exactly as autoescaping would.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from markupsafe import Markup, escape

from ..ids import IdFinder
from .structure import Linker, Site
from .templates import css_token, format_timestamp, safe_url

UNKNOWN = (
    '<span class="skms-ref skms-ref--unknown" title="Unknown reference: no record has this id">'
)


class Fragments:
    """The fragment functions for one build, bound to its site and its page-relative `href`."""

    def __init__(
        self,
        site: Site,
        href: Linker,
        tag_url: Callable[[str], str | None],
        checklist_key: Mapping[str, tuple[str, str]],
    ) -> None:
        self.site = site
        self.href = href
        config = site.kb.config
        patterns = config.bare_id_patterns()
        self._ids = IdFinder(patterns, messages=True) if patterns else None
        self._tracker_url = config.tracker_url
        self.tag_url = tag_url
        self.checklist_key = checklist_key

    def globals(self) -> dict[str, Any]:
        return {
            "record_link": self.record_link,
            "field_ref": self.field_ref,
            "field_refs": self.field_refs,
            "badge": self.badge,
            "change_ref": self.change_ref,
            "commit_item": self.commit_item,
            "change_list": self.change_list,
            "tag_links": self.tag_links,
            "checklist_status": self.checklist_status,
        }

    def record_link(self, record: Any, show_id: bool = True) -> Markup:
        ident = f"<code>{escape(record.id)}</code> " if show_id else ""
        return Markup(
            f'<a class="skms-link skms-link--{record.kind}" href="{escape(self.href(record))}">'
            f"{ident}{escape(record.title)}</a>"
        )

    def field_ref(self, ref: Any, show_id: bool = False) -> Markup:
        if ref.record is None:
            return Markup(f"{UNKNOWN}{escape(ref.id)}</span>")
        return self.record_link(ref.record, show_id)

    def field_refs(self, refs: Iterable[Any], show_id: bool = False) -> Markup:
        return Markup(", ").join(self.field_ref(ref, show_id) for ref in refs)

    def badge(self, kind: str, value: Any, label: Any = None) -> Markup:
        if not value:
            return Markup("")
        return Markup(
            f'<span class="skms-badge skms-badge--{kind} skms-badge--{kind}-{css_token(value)}">'
            f"{escape(label or value)}</span>"
        )

    def change_ref(self, ref: Any) -> Markup:
        if ref.type == "readiness":
            target = self.site.graph.get(ref.value)
            if target is None:
                return Markup(f"<code>{escape(ref.value)}</code>")
            return Markup(
                f'<a href="{escape(self.href(target))}"><code>{escape(ref.value)}</code> '
                f"{escape(target.title)}</a>"
            )
        if ref.type == "pull":
            url = safe_url(ref.url)
            label = escape(ref.label)
            return Markup(f'<a href="{escape(url)}">{label}</a>' if url else label)
        return Markup(f'<code title="{escape(ref.value)}">{escape(ref.label)}</code>')

    def commit_item(self, change: Any, with_repo: bool = True) -> Markup:
        """One change of a git list: the commit linked by its short sha with its subject, author,
        date and pull request; a declared pull request no scanned repository has, by itself."""
        parts = []
        if change.sha:
            url = safe_url(change.url)
            sha = f"<code>{escape(change.short_sha)}</code>"
            parts.append(f'<a href="{escape(url)}">{sha}</a>' if url else sha)
            if change.subject:
                parts.append(f" {self.linked_text(change.subject)}")
        pull = change.pull_request
        if pull is not None:
            url = safe_url(pull.url)
            label = escape(pull.label)
            link = f'<a href="{escape(url)}">{label}</a>' if url else label
            parts.append(
                f" ({link})"
                if change.sha
                else f'{link} <span class="skms-note">pull request</span>'
            )
        facts: list[str] = [escape(x) for x in (change.author,) if x]
        if change.date is not None:
            facts.append(escape(format_timestamp(change.date)))
        if with_repo and change.repo and not (pull is not None and not change.sha):
            facts.append(escape(change.repo))
        if change.ambiguous:
            facts.append("ambiguous: several commits start with this sha")
        elif not change.found and change.sha:
            facts.append("not found in any scanned repository")
        if getattr(change, "merge", False):
            facts.append("merge")
        if getattr(change, "reverts", None):
            facts.append(f"reverts <code>{escape(change.reverts[:7])}</code>")
        if getattr(change, "reverted_by", None):
            facts.append(
                f'<strong class="skms-reverted">reverted by <code>{escape(change.reverted_by[:7])}</code></strong>'
            )
        if facts:
            parts.append(f' <span class="skms-note">{", ".join(facts)}</span>')
        return Markup("".join(parts).strip())

    def linked_text(self, text: str) -> str:
        """Escaped text whose ids link to their record (one the audience may see) or, for a
        ticket no record has, to the tracker."""
        if self._ids is None:
            return str(escape(text))
        out, pos = [], 0
        for hit in self._ids.finditer(text):
            record = self.site.graph.get(hit.id)
            if record is not None:
                url = self.href(record)
            elif hit.id in self.site.all_ids:
                continue  # a record this audience may not see: never a link, nor a ticket
            else:
                url = safe_url(self._tracker_url(hit.id))
            if not url:
                continue
            out.append(str(escape(text[pos : hit.start()])))
            out.append(f'<a href="{escape(url)}">{escape(hit.group())}</a>')
            pos = hit.end()
        out.append(str(escape(text[pos:])))
        return "".join(out)

    def change_list(self, refs: Iterable[Any], commits: Iterable[Any]) -> Markup:
        """A record's `fixed_by` / `caused_by`: releases link to their readiness review; the
        commits and pull requests come from the git scan when it has them (declared and
        discovered, merged), else from the refs as written."""
        refs, commits = list(refs), list(commits)
        if not commits:
            return Markup(", ".join(self.change_ref(r) for r in refs))
        releases = ", ".join(self.change_ref(r) for r in refs if r.type == "readiness")
        items = "".join(f"<li>{self.commit_item(c)}</li>" for c in commits)
        return Markup(f'{releases}<ul class="skms-commits">{items}</ul>')

    def tag_links(self, names: Iterable[str]) -> Markup:
        links = "".join(self._tag(name) for name in names)
        return Markup(f'<span class="skms-tags">{links}</span>') if links else Markup("")

    def _tag(self, name: str) -> str:
        url = self.tag_url(name)
        if url is None:  # a tag without a page of its own: a label, not a link
            return f'<span class="skms-tag skms-tag--plain">{escape(name)}</span>'
        return f'<a class="skms-tag" href="{escape(self.href.url(url))}">{escape(name)}</a>'

    def checklist_status(self, status: str, compact: bool = False) -> Markup:
        label, symbol = self.checklist_key[status]
        text = symbol if compact else f"{symbol} {label}"
        return Markup(
            f'<span class="skms-check skms-check--{css_token(status)}" title="{escape(label)}">'
            f"{escape(text)}</span>"
        )
