"""What gunicorn's own log says: statuses, time spent inside the server, and errors.

The client's latency includes waiting for a free worker thread (and for the load
generator itself, which shares the CPU); gunicorn's request time does not, so the
two side by side show whether a page is slow or the server is just busy.
"""

import re
from dataclasses import dataclass, field
from pathlib import Path

# gunicorn's default access log format, plus the load test's phase (a request header,
# see webclient.PHASE_HEADER) and the time spent on the request in ms.
ACCESS_FORMAT = (
    '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" %({x-loadtest-phase}i)s %(M)s'
)
_ACCESS = re.compile(
    r'"(?P<method>[A-Z]+) (?P<path>\S+) [^"]*" (?P<status>\d{3}) .* (?P<phase>\S+) (?P<ms>\d+)$'
)
_PROBLEM = re.compile(r"Traceback|\[ERROR\]|\[CRITICAL\]|WORKER TIMEOUT|Internal Server Error")
# Logged while the answer is still a 200, so they fail nothing, but they are worth reading.
_WARNING = re.compile(r"\[WARNING\]|Refused to fetch|Failed to load")
_KINDS = [
    ("GET", re.compile(r"/sign-in/$"), "sign-in form"),
    ("POST", re.compile(r"/sign-in/$"), "sign-in"),
    ("GET", re.compile(r"/$"), "dashboard"),
    ("GET", re.compile(r"/assessments/\d+/principles/[^/]+/$"), "principle"),
    ("POST", re.compile(r"/assessments/\d+/principles/[^/]+/$"), "rating POST"),
    ("GET", re.compile(r"/assessments/\d+/$"), "overview"),
    ("GET", re.compile(r"/assessments/\d+/report/$"), "report"),
    ("GET", re.compile(r"/assessments/\d+/report\.pdf$"), "PDF"),
    ("GET", re.compile(r"/assessments/partnerships/[^/]+/board-pack/[^/]+/$"), "board pack"),
    (
        "GET",
        re.compile(r"/assessments/partnerships/[^/]+/board-pack/[^/]+\.pdf$"),
        "board pack PDF",
    ),
    ("GET", re.compile(r"/health/$"), "health"),
    ("POST", re.compile(r"/feedback/[^/]+/check/$"), "feedback send"),
    ("POST", re.compile(r"/feedback/[^/]+/(who|part-\d+)/$"), "feedback POST"),
    ("GET", re.compile(r"/feedback/[^/]+/"), "feedback page"),
]


def kind_of(method: str, path: str) -> str:
    path = path.split("?", 1)[0]
    return next((k for m, pattern, k in _KINDS if m == method and pattern.match(path)), "other")


@dataclass
class LogFindings:
    status_counts: dict[str, int] = field(default_factory=dict)
    # phase -> request type -> milliseconds inside gunicorn
    server_ms: dict[str, dict[str, list[float]]] = field(default_factory=dict)
    problem_lines: int = 0
    excerpts: list[str] = field(default_factory=list)
    warnings: dict[str, int] = field(default_factory=dict)  # distinct line -> how often

    def server_errors(self) -> int:
        return sum(n for status, n in self.status_counts.items() if status.startswith("5"))


def scan(path: Path, max_excerpts: int = 3, context: int = 25) -> LogFindings:
    """Read the log once: statuses, server time per phase and type, tracebacks and timeouts."""
    lines = path.read_text(errors="replace").splitlines() if path.exists() else []
    findings = LogFindings()
    problems: list[int] = []
    for number, line in enumerate(lines):
        match = _ACCESS.search(line)
        if match is None:
            if _PROBLEM.search(line):
                problems.append(number)
            elif _WARNING.search(line):
                findings.warnings[line[:300]] = findings.warnings.get(line[:300], 0) + 1
            continue
        status = match["status"]
        findings.status_counts[status] = findings.status_counts.get(status, 0) + 1
        by_kind = findings.server_ms.setdefault(match["phase"], {})
        by_kind.setdefault(kind_of(match["method"], match["path"]), []).append(float(match["ms"]))
    findings.problem_lines = len(problems)
    last_end = -1
    for number in problems:
        if number <= last_end or len(findings.excerpts) >= max_excerpts:
            continue
        block = [ln for ln in lines[number : number + context] if not _ACCESS.search(ln)]
        findings.excerpts.append("\n".join(block))
        last_end = number + context
    return findings
