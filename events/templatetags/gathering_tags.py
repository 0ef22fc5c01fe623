from django import template

from events.times import when_for

register = template.Library()


@register.simple_tag(takes_context=True)
def gathering_when(context, event):
    """When a gathering is, for the person looking: their zone, or the host's for visitors."""
    return when_for(context["request"].user, event)
