"""Which address a request came from, behind as many proxies as TRUSTED_PROXY_COUNT says.

One rule for everything that counts visitors: the public forms' rate limits and the admin sign-in
throttle (django-axes, AXES_CLIENT_IP_CALLABLE).
"""

from django.conf import settings


def client_ip(request):
    """The address the request came from.

    Anyone can send an X-Forwarded-For header, so only the addresses our own proxies appended are
    believed: with TRUSTED_PROXY_COUNT = n, the n-th address from the right is the one the outermost
    proxy saw. Anything to its left was written by the client and is ignored.
    """
    trusted = settings.TRUSTED_PROXY_COUNT
    if trusted > 0:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        if len(forwarded) >= trusted and forwarded[-trusted]:
            return forwarded[-trusted]
    return request.META.get("REMOTE_ADDR", "")
