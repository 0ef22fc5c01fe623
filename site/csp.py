from csp.constants import SELF, UNSAFE_INLINE
from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings

# Wagtail's admin uses inline styles and scripts, so /admin/ replaces those directives. It may be
# framed by itself (page previews) but by nothing else. The public site keeps the strict policy.
ADMIN_POLICY = {
    "script-src": [SELF, UNSAFE_INLINE],
    "style-src": [SELF, UNSAFE_INLINE],
    # Images kept elsewhere (object storage, a CDN) show in the editor too.
    "img-src": [SELF, "data:", "blob:", *settings.MEDIA_ORIGINS],
    "frame-src": [SELF],
    "frame-ancestors": [SELF],
}
ADMIN_PREFIX = "/admin/"


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and request.path_info.startswith(ADMIN_PREFIX):
            parts.replace = {**ADMIN_POLICY, **(parts.replace or {})}
        return parts
