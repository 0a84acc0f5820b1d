"""Django admin's delete pages, saying the real reason something cannot be deleted."""


class ExplainProtectionMixin:
    """When other records protect an object, say so, rather than that the admin lacks a
    permission.

    Ratings, assessments and other records that protect partnerships, services, people and
    principles are read-only in admin, so Django would otherwise report the missing
    permission to delete them instead of the real reason: they depend on the object.
    """

    def get_deleted_objects(self, objs, request):
        deleted, model_count, perms_needed, protected = super().get_deleted_objects(objs, request)
        if protected:
            perms_needed = set()
        return deleted, model_count, perms_needed, protected
