"""A `fixed_by` short sha that two commits start with: reported, and no commit picked for it."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import git
import pytest
from gitdb import IStream

from sitekit import article, build_site, page, small_base, write_base

PREFIX_LENGTH = 7  # the shortest sha a record may declare


def _commit_object(tree: str, parents: list[str], message: str) -> bytes:
    lines = [f"tree {tree}", *(f"parent {p}" for p in parents)]
    lines += ["author Ana Lima <ana@example.com> 1772784000 +0000"]
    lines += ["committer Ana Lima <ana@example.com> 1772784000 +0000", "", message]
    return ("\n".join(lines) + "\n").encode()


def _sha(data: bytes) -> str:
    return hashlib.sha1(b"commit %d\0" % len(data) + data).hexdigest()


def _store(repo: git.Repo, data: bytes) -> str:
    return repo.odb.store(IStream(b"commit", len(data), io.BytesIO(data))).hexsha.decode()


def add_colliding_commits(repo: git.Repo) -> tuple[str, str]:
    """Two commits on HEAD whose shas share their first 7 characters, merged into HEAD.

    Found by trying messages until two commit objects collide on the prefix (a birthday
    search: some ten thousand sha1 sums, well under a second).
    """
    head = repo.head.commit
    tree, parent = head.tree.hexsha, head.hexsha
    seen: dict[str, bytes] = {}
    n = 0
    while True:
        n += 1
        data = _commit_object(tree, [parent], f"Tune the pool, try {n}")
        prefix = _sha(data)[:PREFIX_LENGTH]
        if prefix in seen:
            first, second = _store(repo, seen[prefix]), _store(repo, data)
            break
        seen[prefix] = data
    merge = _store(repo, _commit_object(tree, [first, second], "Merge the pool tuning"))
    repo.git.update_ref("HEAD", merge)
    return first, second


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list, tuple[str, str]]:
    root = tmp_path_factory.mktemp("ambiguous")
    kb = root / "kb"
    config = write_base(kb, small_base())
    repo = git.Repo.init(kb)
    with repo.config_writer() as cw:
        cw.set_value("user", "name", "Ana Lima")
        cw.set_value("user", "email", "ana@example.com")
    repo.git.add(A=True)
    repo.index.commit("Add the knowledge base")
    first, second = add_colliding_commits(repo)
    problem = kb / "knowledge/problems/PRB-0001-pool.md"
    problem.write_text(
        problem.read_text().replace(
            "status: known-error\n", f"status: known-error\nfixed_by:\n- {first[:7]}\n"
        )
    )
    result = build_site(config, site_dir=root / "site")
    return result.site_dir, list(result.diagnostics), (first, second)


def test_a_short_sha_two_commits_share_is_reported_with_both(built) -> None:
    _, diagnostics, (first, second) = built
    [ambiguous] = [d for d in diagnostics if d.code == "SKMS408"]
    assert ambiguous.path == "knowledge/problems/PRB-0001-pool.md"
    assert f"commit {first[:7]} is ambiguous" in ambiguous.message
    assert first[:12] in ambiguous.message and second[:12] in ambiguous.message
    line = (built[0].parent / "kb" / ambiguous.path).read_text().splitlines()[ambiguous.line - 1]
    assert line == f"- {first[:7]}"
    assert "SKMS405" not in {d.code for d in diagnostics}


def test_the_problem_page_picks_neither_commit_for_an_ambiguous_sha(built) -> None:
    site, _, (first, second) = built
    html = article(page(site, "problems/PRB-0001-pool"))
    assert "ambiguous: several commits start with this sha" in html
    assert "Tune the pool" not in html
    assert f"/commit/{first}" not in html and f"/commit/{second}" not in html
