"""Figures from the recorded samples, and the summary table printed at the end."""

import math
from dataclasses import asdict, dataclass

# Request types in the order a reader expects them.
ORDER = [
    "sign-in form",
    "sign-in",
    "dashboard",
    "principle",
    "rating POST",
    "overview",
    "report",
    "PDF",
    "PDF ready",
    "board pack",
    "board pack PDF",
    "board pack PDF ready",
    "health",
    "feedback page",
    "feedback POST",
    "feedback send",
]

# Rows that are not one request but a wait over several ("Preparing your PDF" until the
# file): they have a row of their own and stay out of the request totals.
WAITS = {"PDF ready", "board pack PDF ready"}


def percentile(sorted_values: list[float], pct: float) -> float:
    """Nearest-rank percentile: a value that was actually observed."""
    if not sorted_values:
        return math.nan
    rank = max(1, math.ceil(pct / 100 * len(sorted_values)))
    return sorted_values[rank - 1]


@dataclass(frozen=True)
class Row:
    phase: str
    kind: str
    count: int
    errors: int
    rps: float
    p50_ms: float
    p95_ms: float
    max_ms: float
    # Time inside gunicorn, from its access log: the rest of p50_ms is queueing.
    server_p50_ms: float
    server_p95_ms: float

    @property
    def is_request(self) -> bool:
        return self.kind not in WAITS


def rows(
    samples: dict[str, dict[str, list[float]]],
    errors: dict[str, dict[str, int]],
    walls: dict[str, float],
    server_ms: dict[str, dict[str, list[float]]],
) -> list[Row]:
    result = []
    for phase, wall in walls.items():
        by_kind = samples.get(phase, {})
        phase_errors = errors.get(phase, {})
        kinds = sorted(
            set(by_kind) | set(phase_errors),
            key=lambda k: ORDER.index(k) if k in ORDER else len(ORDER),
        )
        for kind in kinds:
            values = sorted(by_kind.get(kind, []))
            inside = sorted(server_ms.get(phase, {}).get(kind, []))
            result.append(
                Row(
                    phase=phase,
                    kind=kind,
                    count=len(values),
                    errors=phase_errors.get(kind, 0),
                    rps=len(values) / wall if wall else math.nan,
                    p50_ms=percentile(values, 50) * 1000,
                    p95_ms=percentile(values, 95) * 1000,
                    max_ms=(values[-1] * 1000) if values else math.nan,
                    server_p50_ms=percentile(inside, 50),
                    server_p95_ms=percentile(inside, 95),
                )
            )
    return result


def table(all_rows: list[Row], walls: dict[str, float]) -> str:
    names = ("req/s", "p50 ms", "p95 ms", "max ms", "srv p50", "srv p95", "errors")
    numbers = "".join(f"{name:>9}" for name in names)
    header = f"{'phase':<10} {'request':<20} {'count':>7}{numbers}"
    lines = [header, "-" * len(header)]
    current = None
    for row in all_rows:
        if current is not None and row.phase != current:
            total = sum(r.count for r in all_rows if r.phase == current and r.is_request)
            lines.append(f"{'':<10} {'(all)':<20} {total:>7} {total / walls[current]:>8.1f}")
        current = row.phase
        lines.append(
            f"{row.phase:<10} {row.kind:<20} {row.count:>7} {row.rps:>8.1f} "
            f"{row.p50_ms:>8.0f} {row.p95_ms:>8.0f} {row.max_ms:>8.0f} "
            f"{row.server_p50_ms:>8.0f} {row.server_p95_ms:>8.0f} {row.errors:>8}"
        )
    if current is not None:
        total = sum(r.count for r in all_rows if r.phase == current and r.is_request)
        lines.append(f"{'':<10} {'(all)':<20} {total:>7} {total / walls[current]:>8.1f}")
    return "\n".join(lines)


def as_json(all_rows: list[Row]) -> list[dict]:
    # NaN is not JSON; a type with no successful answer has no latency.
    return [
        {k: (None if isinstance(v, float) and math.isnan(v) else v) for k, v in asdict(r).items()}
        for r in all_rows
    ]
