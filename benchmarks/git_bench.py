#!/usr/bin/env python3
"""Git history scan benchmark: skms's scan against raw `git log --name-status`, same run.

    python benchmarks/git_bench.py                    # 100,000 commits in a temp dir
    python benchmarks/git_bench.py --commits 20000    # smaller
    python benchmarks/git_bench.py --keep /tmp/gitbench   # build once, reuse on later runs

The repository is written with `git fast-import`: commits that touch one to three files
(source files and knowledge-base records), add and rename records now and then, merge pull
requests, and name records in their messages the way real repositories do
("Fix PRB-0123: …", "Refs: INC-0456" trailers, squash subjects ending in "(#1234)").

Targets: cold scan <= 1.5x raw git log; warm run (cache hit) < 0.5 s; one new commit
after a warm run < 0.5 s.

    python benchmarks/git_bench.py --site 5000        # also: dates on a 5,000-page site

`--site N` synthesizes N records (benchmarks/corpus.py), commits them over a few hundred
commits, and builds the same site three ways, each in a fresh process: without dates,
with skms's own dates (one `git log` pass, cold and then warm cache), and with
mkdocs-git-revision-date-localized-plugin (creation dates on) instead. It reports each
build's time, what dates cost over the build without them, and the ratio.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT / "generator"))
sys.path.insert(0, str(REPO_ROOT))  # `python benchmarks/git_bench.py` from anywhere

from skms.config import from_options  # noqa: E402
from skms.diagnostics import Diagnostics  # noqa: E402
from skms.git.link import scan_history  # noqa: E402
from skms.graph import build_graph  # noqa: E402

AUTHORS = [
    ("Ann Example", "ann@acme.example"),
    ("Bő Ünal", "bo@acme.example"),
    ("Chidi Okafor", "chidi@acme.example"),
    ("Dana Levi", "dana@acme.example"),
    ("Émile Dubois", "emile@acme.example"),
    ("Fatima Zahra", "fatima@acme.example"),
    ("Grzegorz Brzęczyszczykiewicz", "greg@acme.example"),
    ("Hana Sato", "hana@acme.example"),
] + [(f"Engineer {i}", f"eng{i}@acme.example") for i in range(40)]
VERBS = ["Refactor", "Tune", "Bump", "Clean up", "Document", "Speed up", "Harden", "Rename"]
THINGS = [
    "retry budget",
    "connection pool",
    "consumer lag alert",
    "PSP client",
    "cache TTL",
    "index job",
]
CONTENT_FOLDERS = {
    "reviews": ("INC", 4000),
    "knowledge/problems": ("PRB", 800),
    "runbooks": ("rb", 400),
    "knowledge/articles": ("KB", 300),
}


def build_repository(path: Path, commits: int, seed: int = 42) -> None:
    """A repository of `commits` commits on main, written by one `git fast-import`."""
    rng = random.Random(seed)
    subprocess.run(["git", "init", "-q", "-b", "main", str(path)], check=True)
    proc = subprocess.Popen(
        ["git", "fast-import", "--quiet", "--done"],
        cwd=path,
        stdin=subprocess.PIPE,
        bufsize=1 << 20,
    )
    out = proc.stdin
    assert out is not None
    pool = [
        f"{folder}/{prefix}-{i:04d}.md"
        for folder, (prefix, n) in CONTENT_FOLDERS.items()
        for i in range(1, n + 1)
    ]
    rng.shuffle(pool)
    sources = [f"src/service_{i % 40}/module_{i}.py" for i in range(2500)]
    content: list[str] = []
    when = 1_450_000_000
    pr = 1000
    mark = 0

    def data(text: str) -> bytes:
        raw = text.encode()
        return b"data %d\n%s\n" % (len(raw), raw)

    def header(ref: str, message: str, author: tuple[str, str]) -> bytes:
        nonlocal mark, when
        mark += 1
        when += rng.randint(60, 6000)
        ident = f"{author[0]} <{author[1]}> {when} +0000\n".encode()
        return b"commit %s\nmark :%d\nauthor %scommitter %s" % (
            ref.encode(),
            mark,
            ident,
            ident,
        ) + data(message)

    def message() -> str:
        nonlocal pr
        roll = rng.random()
        thing = rng.choice(THINGS)
        prb = f"PRB-{rng.randint(1, 800):04d}"
        inc = f"INC-{rng.randint(1, 4000):04d}"
        pr += 1
        if roll < 0.08:
            return f"Fix {prb}: {thing} (#{pr})"
        if roll < 0.14:
            return f"{rng.choice(VERBS)} {thing}\n\nThe {thing} misbehaved during {inc}.\n\nRefs: {inc}"
        if roll < 0.18:
            return f"{rng.choice(VERBS)} {thing}\n\nFixes: {prb}\nRefs: {inc}"
        if roll < 0.45:
            return f"{rng.choice(VERBS)} {thing} (#{pr})"
        return f"{rng.choice(VERBS)} {thing} in module {rng.randint(1, 2500)}"

    # The first commit imports the source tree.
    out.write(header("refs/heads/main", "Initial import", AUTHORS[0]))
    for src in sources:
        out.write(b"M 100644 inline %s\n" % src.encode() + data(f"# {src}\n"))
    out.write(b"\n")
    main = mark
    for n in range(1, commits):
        author = rng.choice(AUTHORS)
        if n % 250 == 0:  # a pull request merged with a merge commit
            out.write(
                header("refs/heads/side", f"{rng.choice(VERBS)} {rng.choice(THINGS)}", author)
            )
            out.write(b"from :%d\n" % main)
            path_ = rng.choice(sources)
            out.write(b"M 100644 inline %s\n" % path_.encode() + data(f"side {n}\n") + b"\n")
            side = mark
            pr += 1
            text = f"Merge pull request #{pr} from acme/branch-{n}\n\n{message()}"
            out.write(header("refs/heads/main", text, author))
            out.write(b"from :%d\nmerge :%d\n\n" % (main, side))
            main = mark
            continue
        out.write(header("refs/heads/main", message(), author))
        out.write(b"from :%d\n" % main)
        roll = rng.random()
        if pool and (roll < 0.06 or not content):
            new = pool.pop()
            content.append(new)
            out.write(b"M 100644 inline %s\n" % new.encode() + data(f"---\nid: {new}\n---\n{n}\n"))
        elif roll < 0.065 and content:
            i = rng.randrange(len(content))
            old = content[i]
            new = old.replace(".md", f"-r{n}.md")
            content[i] = new
            out.write(b"R %s %s\n" % (old.encode(), new.encode()))
        for _ in range(rng.randint(1, 3)):
            target = rng.choice(content) if content and rng.random() < 0.35 else rng.choice(sources)
            out.write(b"M 100644 inline %s\n" % target.encode() + data(f"{target}\nchange {n}\n"))
        out.write(b"\n")
        main = mark
    out.write(b"done\n")
    out.close()
    if proc.wait() != 0:
        raise SystemExit("git fast-import failed")


def add_commit(path: Path, n: int) -> None:
    """One more commit on main, touching a record and naming a problem."""
    stream = (
        "commit refs/heads/main\n"
        f"author Ann Example <ann@acme.example> {1_900_000_000 + n} +0000\n"
        f"committer Ann Example <ann@acme.example> {1_900_000_000 + n} +0000\n"
        f"data <<EOT\nFix PRB-0001: new commit {n}\nEOT\n"
        "from refs/heads/main^0\n"
        f"M 100644 inline knowledge/problems/PRB-0001.md\ndata <<EOT\nedit {n}\nEOT\n\n"
    )
    subprocess.run(["git", "fast-import", "--quiet"], cwd=path, input=stream.encode(), check=True)


SITE_CONFIGS = {
    # name: the plugins section of mkdocs.yml
    "no dates": "  - search\n  - skms:\n      scan_own_repo: false\n",
    "skms dates": "  - search\n  - skms\n",
    "git-revision-date-localized": (
        "  - search\n  - skms:\n      scan_own_repo: false\n"
        "  - git-revision-date-localized:\n      enable_creation_date: true\n"
    ),
}


def build_site_repository(root: Path, records: int) -> int:
    """A synthesized knowledge base committed in batches by several authors; returns commits."""
    from benchmarks.corpus import synthesize

    synthesize(records, root)
    subprocess.run(["git", "init", "-q", "-b", "main", str(root)], check=True)
    files = sorted(p.relative_to(root).as_posix() for p in root.rglob("*.md"))
    batches = [files[i : i + 25] for i in range(0, len(files), 25)]
    for i, batch in enumerate(batches):
        name, email = AUTHORS[i % len(AUTHORS)]
        when = f"{1_700_000_000 + i * 3600} +0000"
        env = {
            "GIT_AUTHOR_NAME": name,
            "GIT_AUTHOR_EMAIL": email,
            "GIT_AUTHOR_DATE": when,
            "GIT_COMMITTER_NAME": name,
            "GIT_COMMITTER_EMAIL": email,
            "GIT_COMMITTER_DATE": when,
        }
        subprocess.run(["git", "add", "--", *batch], cwd=root, check=True)
        subprocess.run(
            ["git", "commit", "-q", "-m", f"Add records, batch {i + 1}"],
            cwd=root,
            check=True,
            env={**os.environ, **env},
        )
    subprocess.run(["git", "add", "-A"], cwd=root, check=True)
    subprocess.run(["git", "commit", "-q", "-m", "Site configuration"], cwd=root, check=True)
    return len(batches) + 1


def build_site(root: Path, name: str, plugins: str) -> float:
    """`mkdocs build` in a fresh process with the given plugins; returns wall seconds."""
    config = root / f"mkdocs-{name.replace(' ', '-')}.yml"
    base = (root / "mkdocs.yml").read_text(encoding="utf-8").split("plugins:")[0]
    config.write_text(base + "plugins:\n" + plugins, encoding="utf-8")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    start = time.perf_counter()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "build",
            "-q",
            "-f",
            str(config),
            "-d",
            str(root / "site"),
        ],
        cwd=root,
        check=True,
        env=env,
        stdout=subprocess.DEVNULL,
    )
    return time.perf_counter() - start


def site_benchmark(records: int, work: Path) -> None:
    try:
        import mkdocs_git_revision_date_localized_plugin  # noqa: F401
    except ImportError:
        raise SystemExit(
            "--site needs: pip install mkdocs-git-revision-date-localized-plugin"
        ) from None
    root = work / "site-kb"
    start = time.perf_counter()
    commits = build_site_repository(root, records)
    pages = sum(1 for _ in root.rglob("*.md"))
    print(
        f"\nsite: {pages:,} markdown files in {commits} commits, built in {time.perf_counter() - start:.1f} s"
    )
    shutil.rmtree(root / ".skms-cache", ignore_errors=True)
    build_site(root, "no dates", SITE_CONFIGS["no dates"])  # warm-up: page cache, bytecode
    times = {"no dates": build_site(root, "no dates", SITE_CONFIGS["no dates"])}
    times["skms dates (cold cache)"] = build_site(root, "skms dates", SITE_CONFIGS["skms dates"])
    times["skms dates (warm cache)"] = build_site(root, "skms dates", SITE_CONFIGS["skms dates"])
    name = "git-revision-date-localized"
    times[name] = build_site(root, name, SITE_CONFIGS[name])
    base = times["no dates"]
    for label, seconds in times.items():
        extra = "" if label == "no dates" else f"   dates cost {seconds - base:+6.1f} s"
        print(f"  {label:32} {seconds:7.1f} s{extra}")
    revdate, cold = times[name], times["skms dates (cold cache)"]
    print(
        f"  ratio git-revision-date-localized / skms dates (cold cache): {revdate / cold:.1f}x build time"
    )
    if cold - base > 0.05 * base:
        print(f"  the dates alone: {(revdate - base) / (cold - base):.0f}x the cost of skms's")
    else:
        print("  skms's dates cost less than the run-to-run noise of the build")


def timed(fn, repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return times


def cpu_seconds(fn) -> tuple[float, float]:
    """(CPU seconds of this process, of child processes) spent by one call: load-independent."""
    before_self = resource.getrusage(resource.RUSAGE_SELF)
    before_children = resource.getrusage(resource.RUSAGE_CHILDREN)
    fn()
    after_self = resource.getrusage(resource.RUSAGE_SELF)
    after_children = resource.getrusage(resource.RUSAGE_CHILDREN)

    def total(a, b) -> float:
        return (b.ru_utime - a.ru_utime) + (b.ru_stime - a.ru_stime)

    return total(before_self, after_self), total(before_children, after_children)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--commits", type=int, default=100_000)
    parser.add_argument(
        "--keep", type=Path, help="build the repository here, or reuse it if it exists"
    )
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument(
        "--site",
        type=int,
        metavar="N",
        help="also build an N-record site with each way of dating pages",
    )
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="skms-git-bench-"))
    repo = args.keep or work / "repo"
    try:
        if not (repo / ".git").exists():
            start = time.perf_counter()
            build_repository(repo, args.commits)
            print(
                f"built {args.commits:,} commits with git fast-import in {time.perf_counter() - start:.1f} s"
            )
        count = subprocess.run(
            ["git", "rev-list", "--count", "HEAD"],
            cwd=repo,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        print(f"repository: {int(count):,} commits")

        config = from_options({"cache_dir": str(work / "cache")}, repo)
        cache = work / "cache"

        def raw() -> None:
            subprocess.run(
                ["git", "log", "--name-status"], cwd=repo, stdout=subprocess.DEVNULL, check=True
            )

        graph = build_graph([], config)

        def scan() -> list:
            """The whole git stage of a build: scan, then link commits (no records here)."""
            diags = Diagnostics()
            info = scan_history(config, [], graph, diags)
            if list(diags):
                raise SystemExit(f"unexpected diagnostics: {list(diags)}")
            return list(info.repositories)

        def cold() -> None:
            shutil.rmtree(cache, ignore_errors=True)
            scan()

        raw()  # warm the OS page cache for both contenders
        raw_times, cold_times = [], []
        for _ in range(args.repeat):  # interleaved, so a busy machine slows both alike
            raw_times += timed(raw, 1)
            cold_times += timed(cold, 1)
        _, raw_cpu = cpu_seconds(raw)
        py_cpu, git_cpu = cpu_seconds(cold)
        [history] = scan()
        warm_times = timed(scan, 5)
        assert history.scanned == 0
        new_times = []
        for i in range(args.repeat):
            add_commit(repo, i)
            start = time.perf_counter()
            [after] = scan()
            new_times.append(time.perf_counter() - start)
            assert after.scanned == 1 and after.incremental, (after.scanned, after.incremental)

        raw_t, cold_t = min(raw_times), min(cold_times)
        warm_t, new_t = statistics.median(warm_times), statistics.median(new_times)
        print(
            f"kept: {len(history.commits):,} commits naming records, {len(history.files):,} content files, "
            f"cache {sum(f.stat().st_size for f in cache.glob('*.json')) / 1e6:.1f} MB"
        )
        print(f"raw git log --name-status > /dev/null : {raw_t:6.2f} s (best of {args.repeat})")
        print(
            f"skms cold scan (no cache)             : {cold_t:6.2f} s  ratio {cold_t / raw_t:.2f}x  (target <= 1.5x)"
        )
        print(
            f"  CPU: raw git {raw_cpu:.2f} s; skms scan = git {git_cpu:.2f} s + Python {py_cpu:.2f} s "
            f"(ratio {(git_cpu + py_cpu) / raw_cpu:.2f}x even with no overlap)"
        )
        print(f"skms warm run (cache hit)             : {warm_t:6.3f} s  (target < 0.5 s)")
        print(f"skms one new commit after a warm run  : {new_t:6.3f} s  (target < 0.5 s)")
        ok = cold_t <= 1.5 * raw_t and warm_t < 0.5 and new_t < 0.5
        print("all targets met" if ok else "TARGET MISSED")
        if args.site:
            site_benchmark(args.site, work)
        return 0 if ok else 1
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
