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


def embeddable(view):
    """A view other sites may show in an iframe (the event and supplier listings for partners' websites):
    no X-Frame-Options, and the Content-Security-Policy's frame-ancestors from EMBED_FRAME_ANCESTORS
    instead of 'none'. Every other page may not be framed at all."""
    from csp.decorators import csp_replace

    from django.views.decorators.clickjacking import xframe_options_exempt

    return xframe_options_exempt(csp_replace({"frame-ancestors": settings.EMBED_FRAME_ANCESTORS})(view))
