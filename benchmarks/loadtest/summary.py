"""The printed summary, the pass/fail verdict and the optional JSON file."""

import argparse
import os

from . import report, summary_lines
from .scenario import Recorder
from .serverlog import LogFindings
from .verify import Verdict


def summarise(args: argparse.Namespace, results: dict, findings: LogFindings) -> bool:
    """Print everything; True when there was no error and no lost or silent update."""
    recorder: Recorder = results["recorder"]
    walls: dict[str, float] = results["walls"]
    verdict: Verdict = results["verdict"]
    counts = summary_lines.counted(results, findings)
    rows, total, errors = counts
    outcomes = {
        o: sum(s.outcome == o for s in recorder.saves) for o in ("accepted", "conflict", "error")
    }
    by = {(r.phase, r.kind): r for r in rows}
    health = by.get(("health", "health"))
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
    summary_lines.warn_if_busy(results)
    for name in ("dashboard", "principle", "report"):
        page = by.get((name, name))
        if page and health and health.rps:
            print(
                f"{name.capitalize()} vs /health/, {results['signed_in']} at once: "
                f"{page.rps:.1f} vs {health.rps:.1f} req/s ({page.rps / health.rps:.2f} of it), "
                f"p50 {page.p50_ms:.0f} vs {health.p50_ms:.0f} ms, "
                f"inside gunicorn {page.server_p50_ms:.0f} vs {health.server_p50_ms:.0f} ms"
            )
    summary_lines.print_problems(verdict, recorder, findings)
    if findings.warnings:
        print(f"gunicorn's log has {sum(findings.warnings.values())} warnings:")
        for line, count in list(findings.warnings.items())[:5]:
            print(f"    {count} x {line}")
    return summary_lines.finish(
        args,
        results,
        findings,
        counts,
        also=results["signed_in"] == results["users"],
        users=results["users"],
        signed_in=results["signed_in"],
        client_cpu=results["client_cpu"],
        saves=outcomes,
        log_warnings=findings.warnings,
    )
