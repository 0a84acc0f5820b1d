"""The feedback scenario's printed summary, verdict and optional JSON file."""

import argparse
import os

from . import report, summary_lines
from .feedback import FeedbackRecorder, FeedbackVerdict
from .serverlog import LogFindings


def summarise(args: argparse.Namespace, results: dict, findings: LogFindings) -> bool:
    """Print everything; True when nothing failed, nothing was lost and the limit held."""
    recorder: FeedbackRecorder = results["recorder"]
    walls: dict[str, float] = results["walls"]
    verdict: FeedbackVerdict = results["verdict"]
    counts = summary_lines.counted(results, findings)
    rows, total, errors = counts
    print()
    print(
        f"Feedback load test: {args.users} people answering one form at once for "
        f"{args.duration:.0f} s, each response from its own address, while "
        f"{args.flooders} threads flood it from {args.flood_addresses} address(es); limit "
        f"{args.feedback_rate} per address. gunicorn {args.workers} workers x {args.threads} "
        f"threads, {os.cpu_count()} CPUs. Times in ms; srv = inside gunicorn."
    )
    print(report.table(rows, walls))
    print()
    print(
        f"Requests: {total}; errors: {errors}; "
        f"HTTP 5xx in gunicorn's log: {findings.server_errors()}"
    )
    print(
        f"Responses sent: {len(recorder.sends)}, accepted: {verdict.accepted}, "
        f"in the database: {verdict.stored_responses}, lost: {verdict.lost}, "
        f"stored twice: {verdict.duplicated}, incomplete: {verdict.incomplete}, "
        f"people refused by the limit: {verdict.people_refused}"
    )
    most = max((w["accepted"] for w in verdict.windows), default=0)
    print(
        f"Flood: {verdict.flood_posts} posts, {verdict.flood_accepted} let through, "
        f"{verdict.flood_refused} refused (429) over {len(verdict.windows)} address windows; "
        f"most let through in one window: {most} (limit {results['limit']})"
    )
    for window in verdict.windows:
        print(
            f"  {window['address']} window ending {window['ends']}: {window['accepted']} through, "
            f"{window['refused']} refused, {window['edge']} on the edge"
        )
    summary_lines.warn_if_busy(results)
    summary_lines.print_problems(verdict, recorder, findings)
    return summary_lines.finish(
        args,
        results,
        findings,
        counts,
        also=verdict.accepted > 0,
        scenario="feedback",
    )
