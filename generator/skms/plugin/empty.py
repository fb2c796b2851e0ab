"""What an empty list says: that nothing is there yet, and how to add the first one."""

from __future__ import annotations

from markupsafe import Markup

# kind of list -> (what is missing, what to do). Commands are the ones the README documents.
EMPTY = {
    "review": (
        "No reviews yet.",
        'After an incident, write one with <code>skms new review --title "…" --service …</code>.',
    ),
    "problem": (
        "No problems yet.",
        'When incidents share a cause, record it with <code>skms new problem --title "…"</code> '
        "and list its id under the reviews' <code>problems</code>.",
    ),
    "known_error": (
        "No known errors yet.",
        "A problem is listed here once its <code>status</code> is <code>known-error</code>, "
        "or while it is open with a <code>workaround</code>.",
    ),
    "runbook": (
        "No runbooks yet.",
        'Write one with <code>skms new runbook --title "…" --service …</code>.',
    ),
    "alert": (
        "No runbook names an alert yet.",
        "List the alerts a runbook answers under its <code>alerts</code>; each alert then gets "
        "an address here.",
    ),
    "service": (
        "No services yet.",
        'Describe one with <code>skms new service --title "…" --tier gold</code>.',
    ),
    "readiness": (
        "No release-readiness reviews yet.",
        'Start one with <code>skms new readiness --title "…" --service … --tier gold</code>.',
    ),
    "article": (
        "No articles yet.",
        'Write one with <code>skms new article --title "…"</code>.',
    ),
    "tag": (
        "No tags yet.",
        "Add <code>tags: [database, timeout]</code> to a record's front matter.",
    ),
    "change": (
        "No commit names a record yet.",
        "Put a record's id (for example <code>INC-0042</code>) in a commit message, or list "
        "commits under a record's <code>fixed_by</code> or <code>caused_by</code>.",
    ),
}


def empty_state(kind: str) -> Markup:
    """A paragraph for an empty list of `kind` (keys of `EMPTY`)."""
    what, how = EMPTY[kind]
    return Markup(f'<p class="skms-empty"><strong>{what}</strong> {how}</p>')
