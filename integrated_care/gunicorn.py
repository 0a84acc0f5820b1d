"""gunicorn settings for production.

Start with: gunicorn -c python:integrated_care.gunicorn integrated_care.wsgi

Every value can be changed with an environment variable. The app keeps no state
in its processes (sessions, caches and sign-in attempts live in the database), so
any number of these servers can run behind a load balancer.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", f"0.0.0.0:{os.environ.get('PORT', '8000')}")
# PDF rendering is CPU-bound, so scale processes with cores rather than threads.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "2"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5
# Restart workers now and then to return memory that large PDFs took.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "1000"))
# Wide jitter, so workers do not all restart (and warm up) at the same moment.
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", "400"))
# gunicorn's control socket is shared by every gunicorn of the same user by default.
control_socket_disable = True
accesslog = "-"
# Leaves out who sent the anonymous feedback form's answers (integrated_care/access_log.py).
logger_class = "integrated_care.access_log.AccessLogger"
errorlog = "-"
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
limit_request_line = 8190
limit_request_fields = 100
