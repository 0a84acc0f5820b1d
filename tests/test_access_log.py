"""gunicorn's access log leaves out who sent the anonymous feedback form's answers."""

import datetime
import importlib.util
from types import SimpleNamespace

from django.conf import settings
from gunicorn.config import Config

from integrated_care.access_log import AccessLogger


def _line(path: str) -> str:
    """The access log line gunicorn would write for a POST to ``path``."""
    config = Config()
    config.set("accesslog", "-")
    config.set("access_log_format", config.access_log_format + ' "%({x-forwarded-for}i)s"')
    logger = AccessLogger(config)
    environ = {
        "REQUEST_METHOD": "POST",
        "RAW_URI": path,
        "PATH_INFO": path,
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "203.0.113.7",
        "HTTP_USER_AGENT": "Mozilla/5.0 (Pat's phone)",
        "QUERY_STRING": "",
    }
    request = SimpleNamespace(headers=[("X-FORWARDED-FOR", "198.51.100.9")])
    response = SimpleNamespace(status="302 Found", sent=0, headers=[])
    atoms = logger.atoms(response, request, environ, datetime.timedelta(seconds=0))
    return config.access_log_format % atoms


def test_the_feedback_forms_lines_carry_no_address_or_browser():
    """A feedback page's line has the path and status, but no address, browser or header."""
    line = _line("/feedback/N-FlegMxzs51UspQ/check/")
    assert "POST /feedback/N-FlegMxzs51UspQ/check/" in line and " 302 " in line
    assert "203.0.113.7" not in line
    assert "198.51.100.9" not in line
    assert "Pat's phone" not in line


def test_other_pages_keep_the_address_for_finding_abuse():
    """Every other page's line keeps the client's address and browser."""
    line = _line("/sign-in/")
    assert "203.0.113.7" in line and "Pat's phone" in line and "198.51.100.9" in line


def test_the_production_settings_use_it():
    """integrated_care/gunicorn.py names this logger, so production writes these lines."""
    path = settings.BASE_DIR / "integrated_care" / "gunicorn.py"
    spec = importlib.util.spec_from_file_location("gunicorn_settings", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.logger_class == "integrated_care.access_log.AccessLogger"
