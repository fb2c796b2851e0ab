"""The six record kinds: every fact about a kind lives in its `KindSpec`, here and only here.

Adding a kind means adding its model to `model.py`, a spec below, a record template
(`plugin/templates/record/<kind>.html`) and a scaffold template (`scaffold/<kind>.md`).
"""

from __future__ import annotations

from dataclasses import dataclass

from .model import Article, Common, Problem, Readiness, Review, Runbook, Service

SLUG = r"[a-z0-9]+(?:-[a-z0-9]+)*"


@dataclass(frozen=True)
class LinkType:
    """A front-matter field that links a record to records of other kinds."""

    field: str
    targets: tuple[str, ...]
    label: str  # shown on the source record
    reverse: str  # shown on the target record, among its backlinks


@dataclass(frozen=True)
class KindSpec:
    """What skms knows about one kind of record."""

    name: str
    model: type[Common]
    folder: str  # default content folder, relative to the config's folder
    section: str  # first segment of its pages' URLs
    id_pattern: str  # default id regex (configurable per kind with `ids`)
    example_id: str  # shown in hints
    label: str
    plural: str
    required: tuple[str, ...] = ()  # beyond id and title; drafts get defaults for the rest
    links: tuple[LinkType, ...] = ()
    change_field: LinkType | None = None  # front-matter list of change refs
    timestamps: tuple[str, ...] = ()  # ISO 8601 timestamps with a timezone
    timestamp_order: tuple[tuple[str, str], ...] = ()  # (earlier, later) when both present
    dated: tuple[str, ...] = ()  # "it happened" dates, newest first: the page's last change
    slug_id: bool = False  # its id is the slug of its title
    tiers: tuple[str, ...] = ()  # values of its tier field (`tier` / `release_tier`)


SPECS: dict[str, KindSpec] = {
    spec.name: spec
    for spec in (
        KindSpec(
            "review",
            Review,
            folder="reviews",
            section="reviews",
            id_pattern=r"INC-\d{4,}",
            example_id="INC-0042",
            label="Incident review",
            plural="Incident reviews",
            required=("status", "severity"),
            links=(
                LinkType("services", ("service",), "Services", "Incidents"),
                LinkType("problems", ("problem",), "Problems", "Incidents"),
                LinkType("runbooks", ("runbook",), "Runbooks", "Used in incidents"),
            ),
            change_field=LinkType("caused_by", ("readiness",), "Caused by", "Caused incidents"),
            timestamps=("started", "detected", "acknowledged", "mitigated", "resolved"),
            timestamp_order=(
                ("started", "detected"),
                ("detected", "acknowledged"),
                ("started", "acknowledged"),
                ("started", "mitigated"),
                ("mitigated", "resolved"),
                ("started", "resolved"),
            ),
            dated=("resolved", "mitigated", "acknowledged", "detected", "started"),
        ),
        KindSpec(
            "problem",
            Problem,
            folder="knowledge/problems",
            section="problems",
            id_pattern=r"PRB-\d{4,}",
            example_id="PRB-0007",
            label="Problem",
            plural="Problems",
            required=("status",),
            links=(LinkType("services", ("service",), "Services", "Problems"),),
            change_field=LinkType("fixed_by", ("readiness",), "Fixed by", "Fixes"),
            timestamps=("opened", "resolved"),
            timestamp_order=(("opened", "resolved"),),
            dated=("resolved", "opened"),
        ),
        KindSpec(
            "runbook",
            Runbook,
            folder="runbooks",
            section="runbooks",
            id_pattern=SLUG,
            example_id="kafka-consumer-lag",
            label="Runbook",
            plural="Runbooks",
            required=("service",),
            links=(LinkType("service", ("service",), "Service", "Runbooks"),),
            dated=("last_reviewed",),
            slug_id=True,
        ),
        KindSpec(
            "service",
            Service,
            folder="knowledge/services",
            section="services",
            id_pattern=SLUG,
            example_id="checkout",
            label="Service",
            plural="Services",
            required=("tier",),
            links=(LinkType("depends_on", ("service",), "Depends on", "Dependents"),),
            slug_id=True,
            tiers=("gold", "silver", "bronze"),
        ),
        KindSpec(
            "readiness",
            Readiness,
            folder="knowledge/readiness",
            section="readiness",
            id_pattern=r"RDY-\d{4,}",
            example_id="RDY-0003",
            label="Release readiness",
            plural="Release readiness reviews",
            required=("status", "release_tier"),
            links=(LinkType("services", ("service",), "Services", "Releases"),),
            tiers=("gold", "silver"),
        ),
        KindSpec(
            "article",
            Article,
            folder="knowledge/articles",
            section="articles",
            id_pattern=r"KB-\d{4,}",
            example_id="KB-0012",
            label="Article",
            plural="Articles",
        ),
    )
}

KINDS: tuple[str, ...] = tuple(SPECS)
MODELS: dict[str, type[Common]] = {name: spec.model for name, spec in SPECS.items()}
# A mention in a body may point at any kind.
MENTION = LinkType("body", KINDS, "Mentions", "Mentioned in")


def known_fields(kind: str) -> set[str]:
    """Front-matter keys a record of `kind` may have."""
    return set(MODELS[kind].model_fields)
