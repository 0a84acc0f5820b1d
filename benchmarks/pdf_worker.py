"""One process making PDFs with the code of one source tree, for ``pdf_benchmark.py --baseline``.

Not run by hand. The benchmark starts one of these for the working tree and one for a
checkout of the baseline, both on the database it built, so each tree writes its own HTML
for the same data and runs its own ``reporting.pdf.html_to_pdf``, in a process of its own
(nothing one tree imports or caches can help or hinder the other):

    python benchmarks/pdf_worker.py TREE PARTNERSHIP_ID ASSESSMENT_ID OUT_DIR [HTML_DIR]

With HTML_DIR (``--same-html``) it prints the documents it finds there (report.html and
pack.html, the working tree's) instead of writing its own: the tree's stylesheet and
``html_to_pdf`` on the same HTML. It reads one case a line on stdin ("report" or
"pack"), makes that PDF, writes it to OUT_DIR, and answers one JSON line: CPU and wall
seconds, the process's peak RSS so far, and the PDF's path. "calls report" (or "calls
pack") makes it once more under cProfile and answers the number of Python function calls,
which, unlike CPU time on a shared machine, is the same on every run. "instructions report" (under
callgrind, from ``pdf_instructions.py``) answers the machine instructions of one more PDF.
The environment (database, settings) is the benchmark's.
"""

import cProfile
import ctypes
import json
import os
import pstats
import resource
import sys
import time
from pathlib import Path

CASES = ("report", "pack")


def main() -> None:
    tree, partnership_id, assessment_id, out_dir = sys.argv[1:5]
    html_dir = sys.argv[5] if len(sys.argv) > 5 else None
    sys.path[0] = tree
    # Answers go to the real stdout; anything the code prints goes to stderr instead.
    answers = os.fdopen(os.dup(sys.stdout.fileno()), "w")
    sys.stdout = sys.stderr
    _setup()
    if html_dir:  # the working tree's documents: this tree's own are not written at all
        html = {case: (Path(html_dir) / f"{case}.html").read_text() for case in CASES}
    else:
        html = _documents(int(partnership_id), int(assessment_id))
    from reporting.pdf import html_to_pdf

    def reply(answer: dict) -> None:
        answers.write(json.dumps(answer) + "\n")
        answers.flush()

    for line in sys.stdin:
        verb, _, case = line.strip().rpartition(" ")
        if verb == "calls":
            profile = cProfile.Profile()
            profile.runcall(html_to_pdf, html[case])
            reply({"calls": pstats.Stats(profile).total_calls})
            continue
        if verb == "instructions":
            reply({"instructions": _instructions(html_to_pdf, html[case])})
            continue
        started_cpu, started = time.process_time(), time.perf_counter()
        pdf = html_to_pdf(html[case])
        cpu, wall = time.process_time() - started_cpu, time.perf_counter() - started
        path = Path(out_dir) / f"{case}.pdf"
        path.write_bytes(pdf)
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # KiB on Linux
        reply({"cpu": cpu, "wall": wall, "rss": rss, "pdf": str(path)})


def _instructions(make, html: str) -> int:
    """Machine instructions callgrind counted while making one PDF (``pdf_instructions.py``)."""
    counter = ctypes.CDLL(os.environ["PDF_WORKER_COUNTER"])
    counter.count_start()
    make(html)
    counter.count_stop()
    # Each stop writes the next numbered dump of this process: the newest is this one's.
    dumps = Path(os.environ["PDF_WORKER_DUMPS"]).glob(f"callgrind.{os.getpid()}.out.*")
    newest = max(dumps, key=lambda path: int(path.suffix[1:]))
    for line in newest.read_text().splitlines():
        if line.startswith("totals:"):
            return int(line.split()[1])
    raise RuntimeError(f"No instruction count in {newest}")


def _setup() -> None:
    """Django set up as the benchmark's, with plain static file storage."""
    import logging

    import django
    from django.test.utils import override_settings

    django.setup()
    override_settings(
        STORAGES={
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
    ).enable()
    logging.getLogger("weasyprint").setLevel(logging.ERROR)


def _documents(partnership_id: int, assessment_id: int) -> dict[str, str]:
    """This tree's HTML for the report and the board pack."""
    from assessments.models import Assessment
    from partnerships.models import Partnership
    from reporting.board_pack import build_board_pack
    from reporting.documents import assessment_report_html, board_pack_html

    related = ("service__partnership", "principle_set", "rating_scale")
    assessment = Assessment.objects.select_related(*related).get(pk=assessment_id)
    partnership = Partnership.objects.get(pk=partnership_id)
    pack = build_board_pack(partnership, partnership.default_principle_set)
    return {"report": assessment_report_html(assessment), "pack": board_pack_html(pack)}


if __name__ == "__main__":
    main()
