"""When a typed or claimed email address names a stored one.

People type their address in any case, so addresses match without regard to case. A
case-insensitive match in the database is not enough on its own: PostgreSQL upper-cases
some letters of other alphabets to ASCII ones (the dotless i, U+0131, to "I"), so there an
address with a dotless i in place of an "i" would match the real one. Anyone who can type
such a look-alike, or be given one by an identity provider, would reach someone else's
account, invitation or lockout count. So a match must also agree in lower case, which
those letters do not.
"""

from django.db.models import Q
from django.db.models.functions import Lower
from django.db.models.lookups import Exact


def email_q(email: str, field: str = "email") -> Q:
    """Rows whose ``field`` is ``email``: exactly, or in another case of the same letters."""
    email = email.strip()
    return Q(**{field: email}) | (
        Q(**{f"{field}__iexact": email}) & Q(Exact(Lower(field), email.lower()))
    )


def same_email(first: str, second: str) -> bool:
    """The same address, in any case (for two addresses already in hand)."""
    return first.strip().lower() == second.strip().lower()
