"""``pdf_benchmark.py --baseline REF``: the working tree's PDFs against those of a git ref.

The ref is checked out into a temporary ``git worktree``; one worker process
(``pdf_worker.py``) per tree writes that tree's HTML for the same data and makes its PDFs.
Rounds interleave the two, alternating which goes first, so a change is measured against
the noise of a shared machine in one run: the ratio is the working tree's CPU over the
baseline's (below 1.00 is cheaper).

With ``--same-html`` both workers print the working tree's HTML, each with its own tree's
stylesheet and ``html_to_pdf``: the cost of printing the same documents then and now,
where without it the baseline prints the (often smaller) documents its own code wrote.
With ``--calls`` each worker then makes each PDF once more under cProfile and the number
of Python function calls is printed beside the CPU: it does not move with the machine's
load, so it shows a small change that CPU times on shared cores hide. With
``--instructions`` there are no timed rounds: each worker runs under Valgrind and counts the
machine instructions of one PDF of each kind (``pdf_instructions.py``).
"""

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks import common

CASES = (("report", "Report PDF"), ("pack", "Board pack PDF, {} services"))


class Worker:
    """A ``pdf_worker.py`` process for one source tree."""

    def __init__(
        self,
        tree: Path,
        ids: tuple[int, int],
        out_dir: Path,
        html_dir: Path | None,
        counting: tuple[list[str], dict[str, str]] | None = None,
    ):
        out_dir.mkdir(parents=True, exist_ok=True)
        script = Path(__file__).with_name("pdf_worker.py")
        args = [str(tree), *map(str, ids), str(out_dir)]
        if html_dir:
            args.append(str(html_dir))
        prefix, environment = counting or ([], os.environ.copy())
        # Our own interpreter and script; the tree is the benchmark's or its checkout.
        self._process = subprocess.Popen(  # noqa: S603
            [*prefix, sys.executable, str(script), *args],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            cwd=tree,
            env=environment,
        )

    def make(self, case: str) -> dict:
        return self._ask(case, case)

    def calls(self, case: str) -> int:
        return self._ask(f"calls {case}", case)["calls"]

    def _ask(self, line: str, case: str) -> dict:
        self.send(line)
        return self.receive(case)

    def send(self, line: str) -> None:
        """Ask without waiting, so that workers under Valgrind can work side by side."""
        self._process.stdin.write(line + "\n")
        self._process.stdin.flush()

    def receive(self, case: str) -> dict:
        answer = self._process.stdout.readline()
        if not answer:
            raise RuntimeError(f"The PDF worker stopped while making the {case}")
        return json.loads(answer)

    def close(self) -> None:
        self._process.stdin.close()
        self._process.wait(timeout=60)


def compare(
    ref: str,
    partnership,
    first,
    runs: int,
    out: Path | None,
    chromium,
    *,
    same_html: bool,
    calls: bool,
    instructions: bool = False,
) -> None:
    """Measure both trees, interleaved, and print CPU, the ratio, pages, tags and memory."""
    from reporting.board_pack import build_board_pack
    from reporting.documents import assessment_report_html, board_pack_html

    services = partnership.services.count()
    names = {case: label.format(services) for case, label in CASES}
    with tempfile.TemporaryDirectory(prefix="pdf-baseline-") as tmp:
        checkout = Path(tmp) / "baseline"
        git = ["git", "-C", str(common.ROOT)]
        # REF comes from the person running the benchmark, as on their own command line.
        add = [*git, "worktree", "add", "--detach", "-q", str(checkout), ref]
        subprocess.run(add, check=True)  # noqa: S603
        pdf_dir = out or Path(tmp) / "pdfs"
        trees = {"baseline": checkout, "new": common.ROOT}
        workers = {}
        html = {
            "report": assessment_report_html(first),
            "pack": board_pack_html(
                build_board_pack(partnership, partnership.default_principle_set)
            ),
        }
        html_dir = None
        if same_html:
            html_dir = Path(tmp) / "html"
            html_dir.mkdir()
            for case, document in html.items():
                (html_dir / f"{case}.html").write_text(document)
        counting = None
        if instructions:
            from benchmarks import pdf_instructions

            counting = pdf_instructions.prepare(Path(tmp))
        try:
            for label, tree in trees.items():
                ids = (partnership.pk, first.pk)
                workers[label] = Worker(tree, ids, pdf_dir / label, html_dir, counting)
            if instructions:
                samples = _instructions(workers, html)
            else:
                samples = _rounds(workers, chromium, html, runs)
            counted = {
                (case, label): worker.calls(case)
                for case in html
                for label, worker in workers.items()
                if calls
            }
        finally:
            for worker in workers.values():
                worker.close()
            remove = [*git, "worktree", "remove", "--force", str(checkout)]
            subprocess.run(remove, check=False)  # noqa: S603
        if same_html:
            print("\nBoth trees printed the working tree's HTML, each with its own stylesheet.")
        if instructions:
            pdf_instructions.print_counts(ref, names, samples)
            return
        _print(ref, names, samples, runs)  # reads the PDFs, which go with the folder
        if counted:
            for case, name in names.items():
                base, new = counted[(case, "baseline")], counted[(case, "new")]
                print(
                    f"{name}: Python calls, one further run under cProfile: {ref} {base:,}, "
                    f"working tree {new:,}: {new / base:.3f}"
                )


def _instructions(workers: dict, html: dict) -> dict:
    """Each case made once to warm up, then once counted; the workers side by side."""
    samples = {}
    for case in html:
        for verb in (case, f"instructions {case}"):
            print(f"{verb.capitalize()}: under Valgrind, minutes…")
            for worker in workers.values():
                worker.send(verb)
            for label, worker in workers.items():
                samples.setdefault((case, label), {}).update(worker.receive(case))
    return samples


def _rounds(workers: dict, chromium, html: dict, runs: int) -> dict:
    samples: dict = {}
    for case in html:  # warm-up: imports, fonts, templates, the browser
        for worker in workers.values():
            worker.make(case)
        if chromium:
            chromium.print(html[case])
    for round_number in range(runs):
        print(f"Round {round_number + 1} of {runs}…")
        order = list(workers) if round_number % 2 == 0 else list(reversed(workers))
        for case in html:
            for label in order:
                samples.setdefault((case, label), []).append(workers[label].make(case))
            if chromium:
                from benchmarks.pdf_benchmark import _children_cpu

                before = _children_cpu()
                used, _, _ = common.cpu(lambda case=case: chromium.print(html[case]))
                samples.setdefault((case, "chromium"), []).append(
                    {"cpu": used + _children_cpu() - before}
                )
    return samples


def _print(ref: str, names: dict, samples: dict, runs: int) -> None:
    from benchmarks.pdf_benchmark import _pages_and_tags

    mb = 1024 * 1024
    header = ("Case", "Code", "CPU", "Wall", "Pages", "Tags", "Worker peak RSS")
    rows, ratios = [], []
    for case, name in names.items():
        cpu = {}
        for label in ("baseline", "new"):
            runs_of = samples[(case, label)]
            cpu[label] = common.median([s["cpu"] for s in runs_of])
            pages, tags = _pages_and_tags(Path(runs_of[-1]["pdf"]).read_bytes())
            code = ref if label == "baseline" else "working tree"
            wall = common.median([s["wall"] for s in runs_of])
            rss = max(s["rss"] for s in runs_of) / mb
            rows.append(
                (name, code, f"{cpu[label]:.3f} s", f"{wall:.3f} s", pages, tags, f"{rss:.0f} MB")
            )
        paired = common.median(
            [
                new["cpu"] / base["cpu"]
                for new, base in zip(
                    samples[(case, "new")], samples[(case, "baseline")], strict=True
                )
            ]
        )
        chromium = samples.get((case, "chromium"))
        versus = ""
        if chromium:
            chromium_cpu = common.median([s["cpu"] for s in chromium])
            versus = (
                f"; WeasyPrint (working tree) takes {cpu['new'] / chromium_cpu:.1f}× "
                f"Chromium's CPU ({chromium_cpu:.3f} s)"
            )
        ratios.append(
            f"{name}: working tree ÷ {ref} = {cpu['new'] / cpu['baseline']:.2f} "
            f"(median of the rounds' ratios {paired:.2f}){versus}"
        )
    print(f"\nMedian of {runs} interleaved rounds, after one warm-up run; CPU of each worker.")
    common.print_table(header, rows)
    for line in ratios:
        print(line)
