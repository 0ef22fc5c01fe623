from django import template

from convening.navigation import main_navigation
from members.rules import may_open_the_admin

register = template.Library()


@register.inclusion_tag("includes/navigation.html", takes_context=True)
def site_navigation(context):
    return {"items": main_navigation(context["request"])}


@register.filter
def opens_the_admin(user) -> bool:
    """Whether the account menu offers the admin: `{% if user|opens_the_admin %}`."""
    return may_open_the_admin(user)
