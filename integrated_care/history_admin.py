"""Django admin's history pages: to read what changed, never to revert from.

simple_history's "Revert" page saves every field of an old record. It checks only that
the person may *view* the record, and builds its form with every field editable, so a
staff member allowed to look at memberships could post one and make themselves a lead.
It also skips the inlines and the checks our change pages make (a set's weights, a
signed-off feedback round's frozen figures). Every history admin here therefore shows
history and refuses the revert outright: changes are made on the change page, which
checks the person's permission and the rules.
"""

from django.core.exceptions import PermissionDenied
from simple_history.admin import SimpleHistoryAdmin


class ReadOnlyHistoryAdmin(SimpleHistoryAdmin):
    """History to read, never to revert."""

    def revert_disabled(self, request, obj=None):
        return True

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":
            raise PermissionDenied("Records cannot be reverted from their history.")
        return super().history_form_view(request, object_id, version_id, extra_context)
