"""The front-matter model of the six record kinds (see the contract in the README)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from .references import BodyRef


def _as_list(value: Any) -> Any:
    # `services: checkout` is what people write for one item; accept it as a list of one.
    if isinstance(value, (str, int, float)):
        return [value]
    return [] if value is None else value


StrList = Annotated[list[str], BeforeValidator(_as_list)]
Visibility = Literal["public", "internal", "restricted"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="allow", coerce_numbers_to_str=True, frozen=False)


class ActionItem(_Model):
    title: str
    type: Literal["mitigate", "prevent", "detect", "process"] | None = None
    owner: str | None = None
    due: date | None = None
    status: Literal["open", "done", "wontfix"] = "open"
    link: str | None = None


class Repo(_Model):
    name: str
    path: str | None = None
    url: str | None = None


class Slo(_Model):
    name: str
    objective: float | str | None = None
    window: str | None = None


class ChecklistSection(_Model):
    status: Literal["not-started", "in-progress", "done", "n-a"] = "not-started"
    notes: str | None = None


CHECKLIST_SECTIONS = {
    "communications": "1.0 Communications",
    "security_compliance": "2.0 Information Security, Data Protection and Compliance",
    "incident_management": "3.0 Incident Management",
    "service_supplier": "4.0 Service and Supplier Management",
    "stakeholder_awareness": "5.0 Stakeholder Awareness",
}


class Checklist(_Model):
    communications: ChecklistSection = Field(default_factory=ChecklistSection)
    security_compliance: ChecklistSection = Field(default_factory=ChecklistSection)
    incident_management: ChecklistSection = Field(default_factory=ChecklistSection)
    service_supplier: ChecklistSection = Field(default_factory=ChecklistSection)
    stakeholder_awareness: ChecklistSection = Field(default_factory=ChecklistSection)


class Hypercare(_Model):
    until: date | datetime | None = None
    activities: StrList = Field(default_factory=list)


class Contact(_Model):
    name: str
    role: str | None = None
    contact: str | None = None


class Common(_Model):
    id: str
    title: str
    kind: str
    tags: StrList = Field(default_factory=list)
    visibility: Visibility = "internal"
    owner: str | None = None
    imported_from: str | None = None  # the source file `skms import` made it from


class Review(Common):
    status: Literal["draft", "in-review", "reviewed", "closed"] = "draft"
    severity: str | None = None
    services: StrList = Field(default_factory=list)
    started: datetime | None = None
    detected: datetime | None = None
    acknowledged: datetime | None = None
    mitigated: datetime | None = None
    resolved: datetime | None = None
    detection: Literal["alert", "customer", "staff", "synthetic", "other"] | None = None
    impact: str | None = None
    caused_by: StrList = Field(default_factory=list)
    problems: StrList = Field(default_factory=list)
    runbooks: StrList = Field(default_factory=list)
    action_items: list[ActionItem] = Field(default_factory=list)
    authors: StrList = Field(default_factory=list)


class Problem(Common):
    status: Literal["open", "known-error", "resolved", "closed"] = "open"
    services: StrList = Field(default_factory=list)
    root_cause: str | None = None
    workaround: str | None = None
    fixed_by: StrList = Field(default_factory=list)
    opened: datetime | None = None
    resolved: datetime | None = None


class Runbook(Common):
    service: str | None = None
    alerts: StrList = Field(default_factory=list)
    last_reviewed: date | None = None
    review_every: int | None = Field(None, ge=1)


class Service(Common):
    tier: Literal["gold", "silver", "bronze"] | None = None
    team: str | None = None
    repos: list[Repo] = Field(default_factory=list)
    slos: list[Slo] = Field(default_factory=list)
    depends_on: StrList = Field(default_factory=list)


class Readiness(Common):
    release_tier: Literal["gold", "silver"] | None = None
    services: StrList = Field(default_factory=list)
    status: Literal["planned", "in-progress", "ready", "released", "hypercare", "done"] = "planned"
    key_dates: dict[str, datetime | date | str] = Field(default_factory=dict)
    contacts: list[Contact] = Field(default_factory=list)
    release_plan: str | None = None
    risks: StrList = Field(default_factory=list)
    test_and_training_plan: str | None = None
    rollback_plan: str | None = None
    observability: str | None = None
    hypercare: Hypercare = Field(default_factory=Hypercare)
    checklist: Checklist = Field(default_factory=Checklist)


class Article(Common):
    pass


# --- change references -----------------------------------------------------------------

_SHA = re.compile(r"[0-9a-f]{7,40}\Z")
_PR_URL = re.compile(
    r"https?://[^/\s]+/(?P<repo>[^/\s]+/[^/\s]+?)/(?:pull|pulls|merge_requests|-/merge_requests)/(?P<num>\d+)/?\Z"
)
_SHORT_PR = re.compile(r"(?P<repo>[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+)#(?P<num>\d+)\Z")


@dataclass(frozen=True)
class ChangeRef:
    """A pointer to a change: a commit, a pull request, or a release (readiness review)."""

    type: Literal["commit", "pull", "readiness"]
    value: str
    repo: str | None = None
    number: int | None = None
    url: str | None = None

    @property
    def label(self) -> str:
        if self.type == "commit":
            return self.value[:10]
        if self.type == "pull":
            return f"{self.repo}#{self.number}"
        return self.value


def parse_change_ref(text: str, readiness_pattern: re.Pattern[str]) -> ChangeRef | None:
    """Parse a change ref, or None when it is none of the accepted forms."""
    text = text.strip()
    if readiness_pattern.match(text):
        return ChangeRef("readiness", text)
    if _SHA.match(text.lower()):
        return ChangeRef("commit", text.lower())
    m = _PR_URL.match(text)
    if m:
        return ChangeRef("pull", text, m.group("repo"), int(m.group("num")), text)
    m = _SHORT_PR.match(text)
    if m:
        return ChangeRef("pull", text, m.group("repo"), int(m.group("num")))
    return None


# --- records ---------------------------------------------------------------------------

_Composer: type[yaml.SafeLoader] | type[yaml.CSafeLoader]
try:  # libyaml's C composer for line lookups, as the loader parses with it
    _Composer = yaml.CSafeLoader
except AttributeError:  # pragma: no cover
    _Composer = yaml.SafeLoader


@dataclass
class Record:
    """One markdown file of the knowledge base, parsed and validated."""

    meta: Common
    path: str  # posix path relative to the config's folder: what diagnostics and URLs use
    abs_path: Path
    body: str
    body_line: int  # line of the file where the body starts
    front_matter: dict[str, Any] = field(default_factory=dict)
    refs: list[BodyRef] = field(default_factory=list)
    broken: bool = False  # the file could not be fully read; the site shows a banner
    _fm_text: str | None = field(default=None, repr=False)  # kept to find lines on demand
    _node: Any = field(default=None, repr=False)
    _fm_line: int = 2

    @property
    def id(self) -> str:
        return self.meta.id

    @property
    def kind(self) -> str:
        return self.meta.kind

    @property
    def title(self) -> str:
        return self.meta.title

    @property
    def visibility(self) -> str:
        return self.meta.visibility

    @property
    def extra(self) -> dict[str, Any]:
        return dict(self.meta.model_extra or {})

    def line_of(self, *loc: str | int) -> int | None:
        """The file line of a front-matter key (`line_of("action_items", 1, "due")`).

        The YAML is composed again, once, for the few records that need a line: keeping
        every record's node tree from the first parse would hold millions of objects on a
        large base.
        """
        if self._node is None and self._fm_text is not None:
            loader = _Composer(self._fm_text)
            try:
                self._node = loader.get_single_node()
            except yaml.YAMLError:
                self._node = False
            finally:
                loader.dispose()
            self._fm_text = None
        node = self._node
        line = None
        for part in loc:
            if isinstance(node, yaml.MappingNode):
                for key, value in node.value:
                    if getattr(key, "value", None) == part:
                        line, node = key.start_mark.line, value
                        break
                else:
                    break
            elif (
                isinstance(node, yaml.SequenceNode)
                and isinstance(part, int)
                and part < len(node.value)
            ):
                node = node.value[part]
                line = node.start_mark.line
            else:
                break
        return None if line is None else self._fm_line + line

    def body_line_of(self, ref: BodyRef) -> int:
        return self.body_line + ref.line - 1
