"""What both scenarios' summaries print and record alike: the counts, the busy-machine
warning, the problems found and the pass/fail line."""

import argparse
import json
from dataclasses import asdict
from typing import NamedTuple

from . import report
from .serverlog import LogFindings


class Counts(NamedTuple):
    rows: list
    total: int  # requests sent
    errors: int  # failed on the client's side


def counted(results: dict, findings: LogFindings) -> Counts:
    """The table rows, requests sent and client-side errors of one run."""
    recorder = results["recorder"]
    rows = report.rows(recorder.samples, recorder.errors, results["walls"], findings.server_ms)
    requests = sum(r.count for r in rows if r.is_request)
    return Counts(rows, requests, recorder.error_total())


def warn_if_busy(results: dict) -> None:
    """Say so when other work kept the machine busy before or after the load."""
    for when in ("before", "after"):
        other = results.get(f"busy_{when}")
        if other is not None and other > 0.25:
            print(
                f"WARNING: other work kept {other:.1f} CPU cores busy {when} the load, so these "
                "figures are probably worse than the app alone would give."
            )


def print_problems(verdict, recorder, findings: LogFindings) -> None:
    """The verdict's problems, the client's error examples and gunicorn's error excerpts."""
    for problem in verdict.problems:
        print(f"  PROBLEM {problem}")
    for example in recorder.error_examples:
        print(f"  ERROR {example}")
    if findings.problem_lines:
        print(f"gunicorn's log has {findings.problem_lines} error lines; first excerpts:")
        for excerpt in findings.excerpts:
            print("    " + excerpt.replace("\n", "\n    "))


def finish(
    args: argparse.Namespace,
    results: dict,
    findings: LogFindings,
    counts: Counts,
    *,
    also: bool,
    **fields,
) -> bool:
    """Print the RESULT line and write the --json file, if one was asked for; True on a pass:
    no errors anywhere, the verdict holds and ``also`` is true.

    The file holds what every scenario records, then the scenario's own ``fields``.
    """
    verdict = results["verdict"]
    ok = (
        counts.errors == 0
        and verdict.ok
        and also
        and findings.problem_lines == 0
        and findings.server_errors() == 0
    )
    print("RESULT: " + ("PASS" if ok else "FAIL"))
    if args.json:
        document = {
            "ok": ok,
            "database": results["database"],
            "gunicorn_pid": results["gunicorn_pid"],
            "worker_pid": results.get("worker_pid"),
            "walls": results["walls"],
            "cores_busy_before": results.get("busy_before"),
            "cores_busy_after": results.get("busy_after"),
            "rows": report.as_json(counts.rows),
            "total_requests": counts.total,
            "errors": counts.errors,
            "error_examples": results["recorder"].error_examples,
            "verdict": asdict(verdict),
            "status_counts": findings.status_counts,
            "log_problem_lines": findings.problem_lines,
            **fields,
        }
        args.json.write_text(json.dumps(document, indent=2))
    return ok
