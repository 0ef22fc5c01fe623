from django import template

from convening.navigation import main_navigation

register = template.Library()


@register.inclusion_tag("includes/navigation.html", takes_context=True)
def site_navigation(context):
    return {"items": main_navigation(context["request"])}
