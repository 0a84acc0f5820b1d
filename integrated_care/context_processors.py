from django.conf import settings


def service(request):
    """Expose the service name to every template (header, page titles)."""
    return {"service_name": settings.SERVICE_NAME}
