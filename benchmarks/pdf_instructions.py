"""``pdf_benchmark.py --baseline REF --instructions``: each PDF's machine instructions.

CPU seconds on this shared machine moved by up to half between runs of the same code, and
``--calls`` counts only Python function calls, not the C work under them (Pango, HarfBuzz,
zlib, the garbage collector). Valgrind's callgrind counts every instruction the process
runs, the same from run to run whatever else the machine is doing. Each worker runs under
``valgrind --tool=callgrind`` with counting off; a small library, compiled here from
callgrind's own macros, lets the worker switch counting on for exactly one
``html_to_pdf`` call and write the count out. It runs 50 to 100 times slower than
without, so this mode makes each PDF once to warm up and once counted, with no timed rounds.
"""

import os
import shutil
import subprocess
from pathlib import Path

HEADER = Path("/usr/include/valgrind/callgrind.h")
# The worker finds the library and the dump folder through these. It spells them out
# itself: it runs with the measured tree (perhaps an old one) first on its path.
LIBRARY_VARIABLE = "PDF_WORKER_COUNTER"
DUMPS_VARIABLE = "PDF_WORKER_DUMPS"
SOURCE = """
#include <valgrind/callgrind.h>
void count_start(void) { CALLGRIND_ZERO_STATS; CALLGRIND_TOGGLE_COLLECT; }
void count_stop(void) { CALLGRIND_TOGGLE_COLLECT; CALLGRIND_DUMP_STATS; }
"""


def missing() -> str | None:
    """What this machine lacks for counting instructions, or None."""
    if not shutil.which("valgrind") or not HEADER.exists():
        return "--instructions needs Valgrind (Debian's valgrind package)"
    if not shutil.which("gcc"):
        return "--instructions needs gcc to build its small counting library"
    return None


def prepare(folder: Path) -> tuple[list[str], dict[str, str]]:
    """The command prefix and environment that run a worker with counting available."""
    source, library, dumps = folder / "counter.c", folder / "libcounter.so", folder / "dumps"
    source.write_text(SOURCE)
    dumps.mkdir()
    compile_command = ["gcc", "-shared", "-fPIC", "-O2", "-o", str(library), str(source)]
    subprocess.run(compile_command, check=True)  # noqa: S603
    prefix = [
        "valgrind",
        "--tool=callgrind",
        "--quiet",
        "--collect-atstart=no",
        f"--callgrind-out-file={dumps}/callgrind.%p.out",
    ]
    # The same string hashes in every run, so dictionaries and sets iterate alike.
    environment = {LIBRARY_VARIABLE: str(library), DUMPS_VARIABLE: str(dumps)}
    return prefix, {**os.environ, "PYTHONHASHSEED": "0", **environment}


def print_counts(ref: str, names: dict[str, str], samples: dict) -> None:
    """The instructions, pages and tags of each case in both trees, and their ratio."""
    from benchmarks import common
    from benchmarks.pdf_benchmark import _pages_and_tags

    rows, ratios = [], []
    for case, name in names.items():
        counted = {}
        for label, code in (("baseline", ref), ("new", "working tree")):
            sample = samples[(case, label)]
            counted[label] = sample["instructions"]
            pages, tags = _pages_and_tags(Path(sample["pdf"]).read_bytes())
            rows.append((name, code, f"{counted[label]:,}", pages, tags))
        ratio = counted["new"] / counted["baseline"]
        ratios.append(f"{name}: instructions, working tree ÷ {ref} = {ratio:.3f}")
    print("\nMachine instructions of one PDF, after one warm-up, counted by callgrind.")
    common.print_table(("Case", "Code", "Instructions", "Pages", "Tags"), rows)
    for line in ratios:
        print(line)
