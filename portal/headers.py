"""Response headers every page gets that Django has no setting for."""

from django.conf import settings


class PermissionsPolicyMiddleware:
    """Switch off browser features no page uses (camera, location, payment…), so injected or framed
    content cannot ask for them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response
