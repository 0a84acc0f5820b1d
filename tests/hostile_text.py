"""Text that has broken web forms elsewhere, for the fuzz tests to send to ours."""

HOSTILE_TEXT = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "' OR 1=1 --",
    "=cmd|' /C calc'!A0",
    "../../etc/passwd",
    "\u202e\u0000\ufeff",
    "9" * 40,
    "-1",
]
