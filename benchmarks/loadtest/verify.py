"""After the load: was any accepted save lost, or any refused save saved after all?

Every evidence text the simulated people sent is unique, so the simple-history table
(one row per saved version of a rating) shows exactly which saves reached the database.
"""

from collections import defaultdict
from dataclasses import dataclass, field

import psycopg

from .scenario import Save


@dataclass
class Verdict:
    checked_ratings: int = 0
    accepted: int = 0
    conflicts: int = 0
    unknown: int = 0  # no usable answer (network error, 5xx): saved or not, both are fine
    lost_updates: int = 0
    silent_overwrites: int = 0
    problems: list[str] = field(default_factory=list)

    def problem(self, kind: str, message: str) -> None:
        if kind == "lost":
            self.lost_updates += 1
        elif kind == "silent":
            self.silent_overwrites += 1
        if len(self.problems) < 30:
            self.problems.append(message)

    @property
    def ok(self) -> bool:
        return not (self.lost_updates or self.silent_overwrites or self.problems)


def _history(conn: psycopg.Connection, rating_ids: list[int]) -> dict[int, list[tuple]]:
    rows = conn.execute(
        "SELECT id, history_id, history_type, evidence, version, level_id, not_applicable "
        "FROM assessments_historicalrating WHERE id = ANY(%s) ORDER BY history_id",
        [rating_ids],
    ).fetchall()
    by_rating: dict[int, list[tuple]] = defaultdict(list)
    for row in rows:
        by_rating[row[0]].append(row[1:])
    return by_rating


def _current(conn: psycopg.Connection, rating_ids: list[int]) -> dict[int, tuple]:
    rows = conn.execute(
        "SELECT id, evidence, version, level_id, not_applicable "
        "FROM assessments_rating WHERE id = ANY(%s)",
        [rating_ids],
    ).fetchall()
    return {row[0]: row[1:] for row in rows}


def verify(conn: psycopg.Connection, assessments: list[dict], saves: list[Save]) -> Verdict:
    rating_id = {(a["pk"], code): rid for a in assessments for code, rid in a["ratings"].items()}
    by_rating: dict[int, list[Save]] = defaultdict(list)
    for save in saves:
        by_rating[rating_id[(save.assessment_pk, save.code)]].append(save)
    ids = sorted(by_rating)
    history, current = _history(conn, ids), _current(conn, ids)
    verdict = Verdict(checked_ratings=len(ids))
    for rid in ids:
        _check_rating(rid, by_rating[rid], history.get(rid, []), current[rid], verdict)
    return verdict


def _check_rating(
    rid: int, saves: list[Save], history: list[tuple], current: tuple, verdict: Verdict
) -> None:
    # history rows: (history_id, type, evidence, version, level_id, not_applicable)
    saved = {row[2]: row for row in history if row[1] == "~"}
    accepted_rows: list[tuple[tuple, Save]] = []
    from_version: dict[int, Save] = {}
    for save in saves:
        row = saved.get(save.evidence)
        if save.outcome == "accepted":
            verdict.accepted += 1
            if row is None:
                verdict.problem(
                    "lost", f"rating {rid}: accepted save {save.evidence!r} is not in the history"
                )
                continue
            accepted_rows.append((row, save))
            if row[3] != save.base_version + 1:
                verdict.problem(
                    "lost",
                    f"rating {rid}: {save.evidence!r} saved as v{row[3]}, "
                    f"sent from v{save.base_version}",
                )
            if (row[4], row[5]) != (save.level_id, save.not_applicable):
                verdict.problem(
                    "lost", f"rating {rid}: {save.evidence!r} saved another answer than was sent"
                )
            earlier = from_version.get(save.base_version)
            if earlier is not None:
                # Two saves from the same version both accepted: one overwrote the other.
                verdict.problem(
                    "lost",
                    f"rating {rid}: {earlier.evidence!r} and {save.evidence!r} both accepted "
                    f"from v{save.base_version}",
                )
            from_version[save.base_version] = save
        elif save.outcome == "conflict":
            verdict.conflicts += 1
            if row is not None:
                verdict.problem("silent", f"rating {rid}: refused save {save.evidence!r} was saved")
        else:
            verdict.unknown += 1
    # Saved versions must follow each other one by one, in the order they were saved.
    versions = [row[3] for row in history]
    if versions != list(range(1, len(versions) + 1)):
        verdict.problem(
            "lost", f"rating {rid}: history versions are {versions[:20]}…, not 1, 2, 3…"
        )
    ours = {save.evidence for save in saves}
    strangers = [row for row in saved.values() if row[2] not in ours]
    if strangers:
        verdict.problem("silent", f"rating {rid}: {len(strangers)} saved versions nobody sent")
    if not history:
        return
    newest = history[-1]
    if tuple(current) != (newest[2], newest[3], newest[4], newest[5]):
        verdict.problem("lost", f"rating {rid}: the rating row differs from its newest history row")
    if accepted_rows:
        last_row, last_save = max(accepted_rows, key=lambda pair: pair[0][0])
        maybe = {s.evidence for s in saves if s.outcome == "error"}
        # An unknown-outcome save may legitimately have landed after the last accepted one.
        if newest[0] != last_row[0] and newest[2] not in maybe:
            verdict.problem(
                "lost",
                f"rating {rid}: final value {current[0]!r} (v{current[1]}) is not the last "
                f"accepted save {last_save.evidence!r} (v{last_row[3]})",
            )
