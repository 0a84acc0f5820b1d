"""How much CPU PDFs take to make, beside Chromium printing the same HTML, and memory.

Run on demand, not in the test suite (see README.md in this folder):

    DJANGO_DEBUG=true .venv/bin/python benchmarks/pdf_benchmark.py [--runs 5] [--services 30]

It builds its own data in a throwaway SQLite database (never var/db.sqlite3): the
published principle sets, one partnership with 30 services, each with a signed-off
National Voices assessment (12 principles, 600 to 1,200 characters of evidence each,
a few improvement actions). Then, in --runs interleaved rounds, it measures:

- WeasyPrint making one assessment's report PDF from its HTML: what the background
  worker spends on it;
- downloading the same report with the PDF cache warm (report, HTML, cache read): what
  a download costs the web request once the PDF is made;
- WeasyPrint making the partnership's board pack PDF from its HTML;
- when Debian's Chromium is installed (/usr/bin/chromium, driven by Playwright), Chromium
  printing exactly the same HTML (same stylesheet and charts) with one page reused, as
  the reference: the CPU of Chromium's processes plus this one's.

Times are CPU seconds (this process's, and Chromium's for its rows), the median of the
rounds; wall-clock medians are shown too. Python peak memory comes from one further run
of each under tracemalloc (not timed); the process peak is ``ru_maxrss`` so far. "Tags"
counts the PDF's structure elements (PDF/UA), which layout changes must not alter.
"""

import argparse
import io
import os
import resource
import sys
import tempfile
import time
import tracemalloc
from collections import Counter
from collections.abc import Callable
from pathlib import Path

sys.path[0] = str(Path(__file__).resolve().parents[1])

from benchmarks import common  # noqa: E402

CHROMIUM = Path("/usr/bin/chromium")
REPORT_WEASYPRINT = "Report PDF, WeasyPrint"
REPORT_CHROMIUM = "Report PDF, Chromium, same HTML"
REPORT_CACHED = "Report download, PDF cached (report, HTML, cache)"
PACK_WEASYPRINT = "Board pack PDF, {} services, WeasyPrint"
PACK_CHROMIUM = "Board pack PDF, {} services, Chromium, same HTML"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="interleaved rounds (default 5)")
    parser.add_argument("--services", type=int, default=30, help="services (default 30)")
    parser.add_argument("--out", type=Path, help="also write the PDFs to this folder")
    parser.add_argument("--no-chromium", action="store_true", help="skip the Chromium rows")
    parser.add_argument(
        "--baseline",
        metavar="REF",
        help="compare the working tree's WeasyPrint CPU with git ref REF's (e.g. main)",
    )
    parser.add_argument(
        "--same-html",
        action="store_true",
        help="with --baseline: both trees print the working tree's HTML, each with its own "
        "stylesheet and html_to_pdf",
    )
    parser.add_argument(
        "--calls",
        action="store_true",
        help="with --baseline: also count each PDF's Python function calls (the same every run)",
    )
    parser.add_argument(
        "--instructions",
        action="store_true",
        help="with --baseline: count one PDF's machine instructions under Valgrind instead of "
        "timing rounds (the same every run; minutes per PDF)",
    )
    args = parser.parse_args()
    if (args.same_html or args.calls or args.instructions) and not args.baseline:
        parser.error("--same-html, --calls and --instructions need --baseline")
    if args.instructions and args.calls:
        parser.error("--instructions counts instead of timing: use --calls without it")
    if args.instructions:
        from benchmarks import pdf_instructions

        if problem := pdf_instructions.missing():
            parser.error(problem)
    if args.runs < 1 or args.services < 1:
        parser.error("--runs and --services must be at least 1")

    with tempfile.TemporaryDirectory(prefix="pdf-benchmark-") as tmp:
        common.setup_django(Path(tmp))
        print(f"Building {args.services} signed-off assessments in a throwaway database…")
        started = time.perf_counter()
        partnership, first = _build(args.services)
        print(f"Built in {time.perf_counter() - started:.1f} s.\n")
        chromium = None
        if not args.no_chromium and not args.instructions and CHROMIUM.exists():
            # Playwright's sync API keeps an event loop in this thread, which Django would
            # take for async code; this script runs one thing at a time.
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
            chromium = ChromiumPrinter()
        try:
            if args.baseline:
                from benchmarks import pdf_baseline

                pdf_baseline.compare(
                    args.baseline,
                    partnership,
                    first,
                    args.runs,
                    args.out,
                    chromium,
                    same_html=args.same_html,
                    calls=args.calls,
                    instructions=args.instructions,
                )
                return
            results = _measure(partnership, first, args.runs, args.out, chromium)
        finally:
            if chromium:
                chromium.close()
    _print_table(results, args, chromium_found=CHROMIUM.exists())


def _build(count: int):
    """One partnership and ``count`` services, each with a signed-off assessment."""
    from principles.models import PrincipleSet

    national_voices = PrincipleSet.objects.get(slug="national-voices")
    partnership, people = common.partnership_with_people("benchmark", national_voices)
    services = common.add_services(partnership, count)
    first = None
    for n, service in enumerate(services):
        assessment = common.signed_off(service, national_voices, people, seed=n)
        first = first or assessment
    return partnership, first


class ChromiumPrinter:
    """Debian's Chromium, one page reused, printing HTML whose static files it is served."""

    ORIGIN = "http://pdf-benchmark.invalid"

    def __init__(self):
        from playwright.sync_api import sync_playwright

        self._playwright = sync_playwright().start()
        self._browser = self._playwright.chromium.launch(executable_path=str(CHROMIUM))
        self._page = self._browser.new_page()
        self._html = ""
        self._page.route(f"{self.ORIGIN}/**", self._serve)

    def _serve(self, route) -> None:
        from django.conf import settings
        from django.contrib.staticfiles import finders

        path = route.request.url.removeprefix(self.ORIGIN)
        if path == "/document":
            route.fulfill(body=self._html, content_type="text/html; charset=utf-8")
            return
        found = finders.find(path.removeprefix("/" + settings.STATIC_URL.lstrip("/")))
        if found:
            route.fulfill(path=found)
        else:
            route.fulfill(status=404)

    def print(self, html: str) -> bytes:
        self._html = html
        self._page.goto(f"{self.ORIGIN}/document", wait_until="load")
        return self._page.pdf(prefer_css_page_size=True, print_background=True, tagged=True)

    def close(self) -> None:
        self._browser.close()
        self._playwright.stop()


def _children_cpu() -> float:
    """CPU seconds used so far by every process descended from this one (Chromium's)."""
    ticks = os.sysconf("SC_CLK_TCK")
    parents, used = {}, {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        parents[int(entry)] = int(fields[1])
        used[int(entry)] = (int(fields[11]) + int(fields[12])) / ticks  # utime + stime
    me, total = os.getpid(), 0.0
    for pid in used:
        ancestor = parents.get(pid)
        while ancestor and ancestor != me:
            ancestor = parents.get(ancestor)
        if ancestor == me:
            total += used[pid]
    return total


def _measure(partnership, first, runs: int, out: Path | None, chromium) -> list[dict]:
    from assessments.models import Assessment
    from reporting.board_pack import build_board_pack
    from reporting.documents import assessment_report_html, board_pack_html
    from reporting.pdf import cached_pdf, html_to_pdf

    def load_first():
        related = ("service__partnership", "principle_set", "rating_scale")
        return Assessment.objects.select_related(*related).get(pk=first.pk)

    def pack_html() -> str:
        return board_pack_html(build_board_pack(partnership, partnership.default_principle_set))

    report_html = assessment_report_html(load_first())
    board_html = pack_html()
    cached_pdf(report_html)  # warm the cache for the download case
    services = partnership.services.count()
    # WeasyPrint and Chromium get the same HTML, made once: only the printing is compared.
    cases: list[tuple[str, Callable[[], bytes], bool]] = [
        (REPORT_WEASYPRINT, lambda: html_to_pdf(report_html), False),
        (REPORT_CACHED, lambda: cached_pdf(assessment_report_html(load_first())), False),
        (PACK_WEASYPRINT.format(services), lambda: html_to_pdf(board_html), False),
    ]
    if chromium:
        cases += [
            (REPORT_CHROMIUM, lambda: chromium.print(report_html), True),
            (PACK_CHROMIUM.format(services), lambda: chromium.print(board_html), True),
        ]
    for _, make, _ in cases:  # warm-up: imports, fonts, templates, the browser
        make()
    samples: dict[str, dict[str, list[float]]] = {
        name: {"cpu": [], "wall": []} for name, *_ in cases
    }
    pdfs: dict[str, bytes] = {}
    for round_number in range(runs):
        print(f"Round {round_number + 1} of {runs}…")
        for name, make, outside in cases:
            before = _children_cpu() if outside else 0.0
            used, wall, pdf = common.cpu(make)
            if outside:
                used += _children_cpu() - before
            samples[name]["cpu"].append(used)
            samples[name]["wall"].append(wall)
            pdfs[name] = pdf
    results = []
    for index, (name, make, outside) in enumerate(cases):
        python_peak = None
        if not outside:
            tracemalloc.start()
            make()
            python_peak = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
        if out:
            out.mkdir(parents=True, exist_ok=True)
            (out / f"{index + 1}.pdf").write_bytes(pdfs[name])
        pages, tags = _pages_and_tags(pdfs[name])
        results.append(
            {
                "name": name,
                "cpu": common.median(samples[name]["cpu"]),
                "wall": common.median(samples[name]["wall"]),
                "python_peak": python_peak,
                "rss_peak": _max_rss_bytes(),
                "size": len(pdfs[name]),
                "pages": pages,
                "tags": tags,
            }
        )
    return results


def _max_rss_bytes() -> int:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024  # bytes on macOS, KiB on Linux


def _pages_and_tags(pdf: bytes) -> tuple[str, str]:
    """Pages, and the number of structure elements by type (H1, P, Table, Figure...)."""
    try:
        from pypdf import PdfReader
    except ImportError:  # pypdf is a development dependency
        return "?", "?"
    reader = PdfReader(io.BytesIO(pdf))
    root = reader.trailer["/Root"]
    if "/StructTreeRoot" not in root:
        return str(len(reader.pages)), "none"
    kinds: Counter = Counter()
    stack = [root["/StructTreeRoot"]]
    while stack:
        node = stack.pop()
        node = node.get_object() if hasattr(node, "get_object") else node
        if isinstance(node, dict):
            if "/S" in node:
                kinds[str(node["/S"])] += 1
            if "/K" in node:
                stack.append(node["/K"])
        elif isinstance(node, list):
            stack.extend(node)
    return str(len(reader.pages)), str(sum(kinds.values()))


def _print_table(results: list[dict], args, *, chromium_found: bool) -> None:
    mb = 1024 * 1024
    by_name = {r["name"]: r for r in results}
    header = ("Case", "CPU", "Wall", "Pages", "Tags", "PDF", "Python peak", "Process peak")
    rows = [
        (
            r["name"],
            f"{r['cpu']:.3f} s",
            f"{r['wall']:.3f} s",
            r["pages"],
            r["tags"],
            f"{r['size'] / 1024:.0f} KB",
            "" if r["python_peak"] is None else f"{r['python_peak'] / mb:.1f} MB",
            f"{r['rss_peak'] / mb:.0f} MB",
        )
        for r in results
    ]
    print(
        f"\nMedian of {args.runs} interleaved rounds, after one warm-up run. "
        f"Python {sys.version.split()[0]}."
    )
    common.print_table(header, rows)
    print(
        "CPU: this process's, plus Chromium's processes for its rows. Process peak is "
        "ru_maxrss so far, so it can only grow from row to row."
    )
    pairs = [
        (REPORT_WEASYPRINT, REPORT_CHROMIUM),
        (PACK_WEASYPRINT.format(args.services), PACK_CHROMIUM.format(args.services)),
    ]
    for weasy, chrome in pairs:
        if weasy in by_name and chrome in by_name:
            ratio = by_name[weasy]["cpu"] / by_name[chrome]["cpu"]
            print(f"{weasy.split(',')[0]}: WeasyPrint takes {ratio:.1f}× Chromium's CPU.")
    if not chromium_found:
        print(f"No Chromium at {CHROMIUM}: install Debian's chromium to compare with it.")


if __name__ == "__main__":
    main()
