"""`{% kept "name" key ... %}...{% endkept %}`: a part of a template rendered once and kept
in the shared cache until content changes (`content_cache.remember`).

Only for parts that every reader sees alike: the keys say which object the part shows, never
who reads it. A key that is None or empty (a preview, say) renders the part afresh, unkept.
"""

import hashlib

from django import template

from convening_site.content_cache import remember

register = template.Library()


@register.tag
def kept(parser, token):
    bits = token.split_contents()[1:]
    if not bits:
        raise template.TemplateSyntaxError("{% kept %} needs a name, then the keys of the part")
    nodelist = parser.parse(("endkept",))
    parser.delete_first_token()
    return KeptNode(nodelist, [parser.compile_filter(bit) for bit in bits])


class KeptNode(template.Node):
    def __init__(self, nodelist, parts):
        self.nodelist, self.parts = nodelist, parts

    def render(self, context):
        name, *keys = [part.resolve(context) for part in self.parts]
        if not keys or any(key is None or key == "" for key in keys):
            return self.nodelist.render(context)
        digest = hashlib.md5(repr(keys).encode(), usedforsecurity=False).hexdigest()
        return remember(f"kept:{name}:{digest}", lambda: self.nodelist.render(context))
