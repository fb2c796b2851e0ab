"""The front-matter model of the six record kinds (see the contract in the README)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field


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


MODELS: dict[str, type[Common]] = {
    "review": Review,
    "problem": Problem,
    "runbook": Runbook,
    "service": Service,
    "readiness": Readiness,
    "article": Article,
}

# Fields a record of each kind must have beyond id and title; drafts get defaults for the rest.
REQUIRED: dict[str, tuple[str, ...]] = {
    "review": ("status", "severity"),
    "problem": ("status",),
    "runbook": ("service",),
    "service": ("tier",),
    "readiness": ("status", "release_tier"),
    "article": (),
}

TIMESTAMP_FIELDS: dict[str, tuple[str, ...]] = {
    "review": ("started", "detected", "acknowledged", "mitigated", "resolved"),
    "problem": ("opened", "resolved"),
}

# (earlier, later) pairs that must hold when both are present.
TIMESTAMP_ORDER: dict[str, tuple[tuple[str, str], ...]] = {
    "review": (
        ("started", "detected"),
        ("detected", "acknowledged"),
        ("started", "acknowledged"),
        ("started", "mitigated"),
        ("mitigated", "resolved"),
        ("started", "resolved"),
    ),
    "problem": (("opened", "resolved"),),
}


def known_fields(kind: str) -> set[str]:
    return set(MODELS[kind].model_fields)


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
