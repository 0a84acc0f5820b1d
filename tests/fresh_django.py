"""Start Django in a fresh Python process, to test what settings make of the environment."""

import os
import subprocess
import sys

from django.conf import settings


def run_django(code: str, *, clear: str, **env) -> subprocess.CompletedProcess:
    """Run ``code`` after django.setup() in a new process whose environment has no variables
    starting with ``clear`` except those in ``env``."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(clear)}
    clean.update(env, DJANGO_SETTINGS_MODULE="integrated_care.settings")
    return subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        env=clean,
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
        check=False,
    )
