#!/usr/bin/env python3
"""Search benchmark: Material's lunr search against skms's Pagefind search, in one run.

    python benchmarks/search_bench.py                  # 1,000, 5,000 and 10,000 records
    python benchmarks/search_bench.py 1000             # a smaller list of sizes
    python benchmarks/search_bench.py 1000 --keep /tmp/searchbench

For each size N it synthesizes a knowledge base (benchmarks/corpus.py) and, in the same run:
- builds it four times, each in a fresh Python process: a plain `mkdocs build` of the same
  markdown files without search, `skms build` with `search: none`, with `search: material`
  (lunr) and with the default Pagefind search;
- takes from the Pagefind build what its indexer took: pages, wall time and peak RSS;
- serves each searchable site from a local HTTP server that gzips text like a static host,
  and in headless Chromium with a cold cache (a new browser context per query) types three
  queries (an alert name, a service, a phrase from a review body) and measures the bytes
  transferred from opening the page until the first result is on screen (and the part of
  them fetched after the page had loaded), and the time from the last keystroke to that
  first result.

Targets at 10,000 records: bytes <= 200 KB, time < 1 s, indexing <= 25% of the plain build's
time, indexer peak RSS <= 1 GiB, build without search <= 1.15x the plain build without search.
"""

from __future__ import annotations

import argparse
import gzip
import os
import re
import shutil
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # `python benchmarks/search_bench.py` from anywhere

from benchmarks.build_bench import plain_project, run_build, skms_config  # noqa: E402
from benchmarks.corpus import synthesize  # noqa: E402
from benchmarks.localserver import QuietHandler, served  # noqa: E402
from benchmarks.timing import work_folder  # noqa: E402

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
TARGETS = {"kb": 200.0, "seconds": 1.0, "index_share": 0.25, "index_rss_mb": 1024.0, "build": 1.15}
GZIP_TYPES = (".html", ".js", ".css", ".json", ".xml", ".svg", ".txt")
RESULT = {
    "material": ".md-search-result__item a",
    "pagefind": ".skms-search-dialog [data-search-results] li a",
}
INPUT = {
    "material": "input.md-search__input",
    "pagefind": ".skms-search-dialog input.skms-search-input",
}


class _GzipHandler(QuietHandler):
    """Serves a site folder, gzipping text files as a static host does (cached in memory,
    by absolute path: each site of a run has its own folder)."""

    cache: dict[str, bytes] = {}

    def send_head(self):  # noqa: ANN201 - http.server's own signature
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            path = os.path.join(path, "index.html")
        gzip_ok = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (gzip_ok and path.endswith(GZIP_TYPES) and os.path.isfile(path)):
            return super().send_head()
        body = self.cache.get(path)
        if body is None:
            body = self.cache[path] = gzip.compress(Path(path).read_bytes(), 6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        return None


# The default (Pagefind) build in a fresh interpreter, reporting what its indexer took.
PAGEFIND_CHILD = """
import json, os, resource, sys
from pathlib import Path
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
from skms.plugin.build import build_site
stats = build_site(Path(sys.argv[2]), site_dir=Path(sys.argv[3])).search_index
usage = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({"rss_kb": usage.ru_maxrss, "cpu": usage.ru_utime + usage.ru_stime,
                  "index": [stats.pages, stats.seconds, stats.peak_rss_mb]}))
"""


def pagefind_build(config: Path, site: Path) -> tuple[dict[str, float], dict[str, float]]:
    """The default build, and its indexer's run: pages, wall time and peak RSS."""
    build = run_build("skms", config, site, child=PAGEFIND_CHILD)
    pages, seconds, rss_mb = build.pop("index")
    return build, {"pages": pages, "time": seconds, "rss_mb": rss_mb or 0.0}


def queries(kb: Path) -> dict[str, str]:
    """An alert name, a service and a phrase of a review body, taken from the corpus itself."""
    runbook = sorted((kb / "runbooks").glob("*.md"))[len(list((kb / "runbooks").glob("*.md"))) // 2]
    alert = re.search(r"^alerts:\s*\[?\s*([A-Za-z0-9]+)", runbook.read_text(), re.M)
    service = sorted((kb / "knowledge/services").glob("*.md"))[0]
    title = re.search(r"^title:\s*(.+)$", service.read_text(), re.M)
    review = sorted((kb / "reviews").glob("*.md"))[len(list((kb / "reviews").glob("*.md"))) // 2]
    body = review.read_text().split("## Summary", 1)[-1]
    words = re.findall(r"[a-z]{4,}", body)
    assert alert and title and len(words) > 12
    return {
        "alert": alert.group(1),
        "service": title.group(1).strip().strip("\"'"),
        "phrase": " ".join(words[8:11]),
    }


def measure_query(browser, base_url: str, engine: str, query: str) -> dict[str, float]:  # noqa: ANN001
    """Cold cache: a new context. Bytes from opening the page to the first result on screen,
    and the part of them fetched after the page had loaded (what searching itself costs).

    Bytes are counted per finished response, as sent (compressed body and headers), from
    the browser context: Pagefind fetches its index from a Web Worker, which a page's own
    network log does not see."""
    context = browser.new_context()
    page = context.new_page()
    finished: list = []
    context.on("requestfinished", lambda request: finished.append(request))
    page.goto(base_url, wait_until="load")
    page.wait_for_timeout(200)  # the page's own late requests (icons, fonts) are the page's
    loaded = len(finished)
    page.keyboard.press("/")
    box = page.locator(INPUT[engine])
    box.wait_for(state="visible")
    box.press_sequentially(query[:-1], delay=20)
    began = time.perf_counter()
    box.press(query[-1])
    page.locator(RESULT[engine]).first.wait_for(state="visible", timeout=120_000)
    seconds = time.perf_counter() - began
    done = len(finished)  # responses that drew the first result have finished by now
    sizes = [
        r.sizes()["responseBodySize"] + r.sizes()["responseHeadersSize"] for r in finished[:done]
    ]
    context.close()
    return {"kb": sum(sizes) / 1024, "search_kb": sum(sizes[loaded:]) / 1024, "seconds": seconds}


def measure(n: int, work: Path) -> dict:
    from playwright.sync_api import sync_playwright

    kb = work / f"kb-{n}"
    synthesize(n, kb, clean=True)
    plain = work / f"plain-{n}"
    shutil.rmtree(plain, ignore_errors=True)
    plain_config = plain_project(kb, plain, search=False)
    out: dict = {"n": n, "builds": {}}
    out["builds"]["plain, no search"] = run_build("plain", plain_config, plain / "site")
    sites = {}
    for search in ("none", "material"):
        site = work / f"site-{n}-{search}"
        out["builds"][f"skms, {search}"] = run_build("skms", skms_config(kb, search), site)
        sites[search] = site
    sites["pagefind"] = work / f"site-{n}-pagefind"
    out["builds"]["skms, pagefind"], out["index"] = pagefind_build(
        skms_config(kb, "pagefind"), sites["pagefind"]
    )
    out["queries"] = queries(kb)
    out["search"] = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        for engine in ("material", "pagefind"):
            with served(sites[engine], _GzipHandler) as base_url:
                for name, query in out["queries"].items():
                    out["search"][(engine, name)] = measure_query(browser, base_url, engine, query)
        browser.close()
    return out


def report(r: dict) -> None:
    n = r["n"]
    plain = r["builds"]["plain, no search"]["time"]
    print(
        f"\n## {n:,} records (queries: "
        + ", ".join(f"{k} {v!r}" for k, v in r["queries"].items())
        + ")"
    )
    print("| query | lunr KB (search) | lunr s | Pagefind KB (search) | Pagefind s |")
    print("|---|---:|---:|---:|---:|")
    for name in r["queries"]:
        lunr, pf = r["search"][("material", name)], r["search"][("pagefind", name)]
        print(
            f"| {name} | {lunr['kb']:,.0f} ({lunr['search_kb']:,.0f}) | {lunr['seconds']:.2f} "
            f"| {pf['kb']:,.0f} ({pf['search_kb']:,.0f}) | {pf['seconds']:.2f} |"
        )
    print("| build | wall s | peak RSS MB | vs plain, no search |")
    print("|---|---:|---:|---:|")
    for name, b in r["builds"].items():
        print(f"| {name} | {b['time']:.1f} | {b['rss_mb']:.0f} | {b['time'] / plain:.2f}x |")
    ix = r["index"]
    print(
        f"| Pagefind indexer ({ix['pages']:,} pages), in the build | {ix['time']:.1f} | {ix['rss_mb']:.0f} | {ix['time'] / plain:.0%} of plain |"
    )
    worst_kb = max(v["kb"] for (e, _), v in r["search"].items() if e == "pagefind")
    worst_search_kb = max(v["search_kb"] for (e, _), v in r["search"].items() if e == "pagefind")
    worst_s = max(v["seconds"] for (e, _), v in r["search"].items() if e == "pagefind")
    ratio = r["builds"]["skms, none"]["time"] / plain
    checks = [
        (
            "bytes to the first result",
            f"{worst_kb:,.0f} KB, {worst_search_kb:,.0f} KB of them after the page loaded",
            worst_kb <= TARGETS["kb"],
            "<= 200 KB",
        ),
        (
            "last keystroke to first result",
            f"{worst_s:.2f} s",
            worst_s < TARGETS["seconds"],
            "< 1 s",
        ),
        (
            "indexing / plain build",
            f"{ix['time'] / plain:.0%}",
            ix["time"] / plain <= TARGETS["index_share"],
            "<= 25%",
        ),
        (
            "indexer peak RSS",
            f"{ix['rss_mb']:.0f} MB",
            ix["rss_mb"] <= TARGETS["index_rss_mb"],
            "<= 1 GiB",
        ),
        ("build without search / plain", f"{ratio:.2f}x", ratio <= TARGETS["build"], "<= 1.15x"),
    ]
    for label, value, ok, target in checks:
        print(f"- {label}: {value} (target {target}) {'ok' if ok else 'MISSED'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[1000, 5000, 10000])
    parser.add_argument("--keep", type=Path, help="work folder to keep (default: a temporary one)")
    args = parser.parse_args()
    with work_folder(args.keep, "skms-search-bench-") as work:
        for n in args.sizes:
            report(measure(n, work))
            sys.stdout.flush()


if __name__ == "__main__":
    main()
