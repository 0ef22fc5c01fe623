"""The member's portfolio at /me/portfolio/ and its exports. Only ever the member's own
reflections: there is nobody else's portfolio to see."""

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from convening.circles.forms_reflections import ExportForm
from convening.circles.portfolio import (
    export_csv,
    export_markdown,
    export_pdf,
    own_reflections,
    portfolio_of,
)
from convening.circles.views import private
from members.decorators import verified_member_required

FORMATS = {
    "pdf": ("application/pdf", "pdf"),
    "markdown": ("text/markdown; charset=utf-8", "md"),
    "csv": ("text/csv; charset=utf-8", "csv"),
}


@verified_member_required
def portfolio(request):
    """The coverage and the reflections by competency and by month."""
    return private(
        render(
            request,
            "circles/portfolio/portfolio.html",
            {"portfolio": portfolio_of(request.user)},
        )
    )


@verified_member_required
def export(request):
    """GET shows the choice of reflections and format; POST sends the file. A reflection that
    is not the member's own fails the form's check (it is not among the choices) and nothing is
    exported."""
    member = request.user
    form = ExportForm(request.POST or None, member=member)
    if request.method == "POST" and form.is_valid():
        chosen = own_reflections(member).filter(
            pk__in=[reflection.pk for reflection in form.cleaned_data["reflections"]]
        )
        kind = form.cleaned_data["format"]
        content_type, extension = FORMATS[kind]
        maker = {"pdf": export_pdf, "markdown": export_markdown, "csv": export_csv}[kind]
        response = HttpResponse(maker(member, list(chosen)), content_type=content_type)
        filename = f"portfolio-{timezone.localdate():%Y-%m-%d}.{extension}"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return private(response)
    return private(
        render(
            request,
            "circles/portfolio/export.html",
            {"form": form},
            status=400 if form.is_bound else 200,
        )
    )
