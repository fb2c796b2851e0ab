"""What git history says is wrong: problems whose status disagrees with their fixes, and
declared commits that no repository has or that several commits match (SKMS403-405, 408)."""

from __future__ import annotations

from ..diagnostics import Diagnostics
from ..git.link import GitInfo
from .runbooks import check_stale_runbooks

FIXABLE = ("resolved", "closed")
UNFIXED = ("open", "known-error")


def check_git(info: GitInfo, diags: Diagnostics) -> None:
    """SKMS403-406 about the whole base; call once, on the unfiltered GitInfo."""
    check_stale_runbooks(info.stale_runbooks(), info.record, info.today, diags)
    for record in info.problems():
        pid = record.id
        status = getattr(record.meta, "status", None)
        fixes = info.message_fixes(pid)
        resolving = info.resolving_commits(pid)
        if status in FIXABLE and not resolving and not getattr(record.meta, "fixed_by", None):
            reverted = info.reverted_fixes(pid)
            why = (
                f"its fix {reverted[0][0].sha[:7]} was reverted by {reverted[0][1].sha[:7]}"
                if reverted
                else "no fixed_by and no commit message fixes it"
            )
            diags.add(
                "SKMS403",
                record.path,
                f"{pid} is {status} but no fix is known: {why}",
                line=record.line_of("status"),
                hint=f"add `fixed_by: [<commit sha or PR url>]`, or write `Fixes: {pid}` (or start the subject with `{pid}:`) in the fixing commit",
            )
        elif status in UNFIXED and fixes:
            named = ", ".join(f"{c.sha[:7]} ({c.subject})" for c in fixes[:3])
            diags.add(
                "SKMS404",
                record.path,
                f"{pid} is still {status} although {named} fixes it",
                line=record.line_of("status"),
                hint="set `status: resolved` once the fix is deployed, or reword the commit reference",
            )
    for record, name, sha, line, shas in info.ambiguous_declared():
        which = f" ({', '.join(s[:12] for s in shas)})" if shas else ""
        diags.add(
            "SKMS408",
            record.path,
            f"{name}: commit {sha} is ambiguous: several commits start with it{which}",
            line=line,
            hint="write more of the sha (the full 40 characters never collide)",
        )
    full = info.full_repositories()
    if not full:
        return
    names = ", ".join(h.name for h in full)
    for record, name, sha, line in info.missing_declared():
        diags.add(
            "SKMS405",
            record.path,
            f"{name}: commit {sha} is in none of the scanned repositories ({names})",
            line=line,
            hint="correct the sha, or list the repository under a service's `repos`",
        )
