"""The printed summary, the pass/fail verdict and the optional JSON file."""

import argparse
import json
import os
from dataclasses import asdict

from . import report
from .scenario import Recorder
from .serverlog import LogFindings
from .verify import Verdict


def summarise(args: argparse.Namespace, results: dict, findings: LogFindings) -> bool:
    """Print everything; True when there was no error and no lost or silent update."""
    recorder: Recorder = results["recorder"]
    walls: dict[str, float] = results["walls"]
    verdict: Verdict = results["verdict"]
    rows = report.rows(recorder.samples, recorder.errors, walls, findings.server_ms)
    total = sum(r.count for r in rows if r.is_request)
    errors = recorder.error_total()
    outcomes = {
        o: sum(s.outcome == o for s in recorder.saves) for o in ("accepted", "conflict", "error")
    }
    by = {(r.phase, r.kind): r for r in rows}
    dash, health = by.get(("dashboard", "dashboard")), by.get(("health", "health"))
    client_busy = ", ".join(
        f"{phase} {results['client_cpu'][phase] / wall:.0%}" for phase, wall in walls.items()
    )

    print()
    print(
        f"Load test: {results['users']} people ({results['signed_in']} signed in), "
        f"{args.duration:.0f} s mixed work, gunicorn {args.workers} workers x {args.threads} "
        f"threads, {os.cpu_count()} CPUs. Times in ms; srv = inside gunicorn."
    )
    print(report.table(rows, walls))
    print()
    print(
        f"Requests: {total} in {sum(walls.values()):.1f} s; errors: {errors}; "
        f"HTTP 5xx in gunicorn's log: {findings.server_errors()}"
    )
    print(
        f"Rating saves: {len(recorder.saves)} sent, {outcomes['accepted']} accepted (302), "
        f"{outcomes['conflict']} refused as conflicts (409), {outcomes['error']} errors"
    )
    print(
        f"History check: {verdict.checked_ratings} ratings, lost updates: {verdict.lost_updates}, "
        f"refused saves that were saved: {verdict.silent_overwrites}, "
        f"unknown outcomes: {verdict.unknown}"
    )
    print(f"Load generator CPU (share of one core; it runs beside the server): {client_busy}")
    for when in ("before", "after"):
        other = results.get(f"busy_{when}")
        if other is not None and other > 0.25:
            print(
                f"WARNING: other work kept {other:.1f} CPU cores busy {when} the load, so these "
                "figures are probably worse than the app alone would give."
            )
    if dash and health:
        print(
            f"Dashboard vs /health/, {results['signed_in']} at once: {dash.rps:.1f} vs "
            f"{health.rps:.1f} req/s, p50 {dash.p50_ms:.0f} vs {health.p50_ms:.0f} ms, "
            f"inside gunicorn {dash.server_p50_ms:.0f} vs {health.server_p50_ms:.0f} ms"
        )
    for problem in verdict.problems:
        print(f"  PROBLEM {problem}")
    for example in recorder.error_examples:
        print(f"  ERROR {example}")
    if findings.problem_lines:
        print(f"gunicorn's log has {findings.problem_lines} error lines; first excerpts:")
        for excerpt in findings.excerpts:
            print("    " + excerpt.replace("\n", "\n    "))
    if findings.warnings:
        print(f"gunicorn's log has {sum(findings.warnings.values())} warnings:")
        for line, count in list(findings.warnings.items())[:5]:
            print(f"    {count} x {line}")
    ok = (
        errors == 0
        and verdict.ok
        and results["signed_in"] == results["users"]
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
            "users": results["users"],
            "signed_in": results["signed_in"],
            "walls": walls,
            "client_cpu": results["client_cpu"],
            "cores_busy_before": results.get("busy_before"),
            "cores_busy_after": results.get("busy_after"),
            "rows": report.as_json(rows),
            "total_requests": total,
            "errors": errors,
            "error_examples": recorder.error_examples,
            "saves": outcomes,
            "verdict": asdict(verdict),
            "status_counts": findings.status_counts,
            "log_problem_lines": findings.problem_lines,
            "log_warnings": findings.warnings,
        }
        args.json.write_text(json.dumps(document, indent=2))
    return ok
