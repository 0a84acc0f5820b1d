"""gunicorn's access log, without who sent the people's voice answers.

The feedback form is anonymous, and nothing stored with an answer identifies anyone. But
the access log's lines are timed to the second, as the answers are saved, so a line's
address and browser would tie each answer to the machine it came from. On the feedback
pages (``/feedback/``) those are left out; other pages keep them, for finding abuse.
"""

from gunicorn.glogging import Logger

FEEDBACK_PREFIX = "/feedback/"
HIDDEN = "-"


class AccessLogger(Logger):
    """gunicorn's logger, with the client's address, browser and request headers (a
    forwarded address among them) left out of the feedback pages' lines."""

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        if (environ.get("PATH_INFO") or "").startswith(FEEDBACK_PREFIX):
            atoms["h"] = atoms["a"] = HIDDEN
            # Request headers come as "{name}i" atoms: any of them could name the sender.
            for key in atoms:
                if key.startswith("{") and key.endswith("}i"):
                    atoms[key] = HIDDEN
        return atoms
