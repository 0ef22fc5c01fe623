"""How every form of the site is drawn (FORM_RENDERER), so that `{{ form }}`, `{{ form.as_div }}`
and `{{ field.as_field_group }}` come out the same everywhere: a summary of what needs correcting
at the top of the form, then each field as its label, its hint, its error and its control.

TemplatesSetting finds the templates through the project's own engine, so `templates/forms/` is
ours; Wagtail's admin draws its fields with its own templates and never reaches these.
"""

from django.forms.renderers import TemplatesSetting


class SiteFormRenderer(TemplatesSetting):
    form_template_name = "forms/form.html"
    field_template_name = "forms/field.html"
