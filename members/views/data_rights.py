"""A member's own data: see what the site holds, download it, delete the account."""

import io

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from members import data_rights as rights
from members.forms_data_rights import DeleteAccountForm


@login_required
def data_rights(request):
    return render(
        request,
        "members/data_rights.html",
        {"what_we_hold": rights.what_we_hold()},
    )


@login_required
@require_GET
def download_data(request):
    # Only ever the signed-in member's own data: there is no one else to ask for.
    archive = rights.export_member_data(request.user)
    response = FileResponse(
        io.BytesIO(archive),
        as_attachment=True,
        filename=f"convening-my-data-{timezone.localdate():%Y-%m-%d}.zip",
        content_type="application/zip",
    )
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def delete_account(request):
    data = request.POST if request.method == "POST" else None
    form = DeleteAccountForm(data, user=request.user)
    if request.method == "POST" and form.is_valid():
        rights.delete_account(request.user, keep_published=form.cleaned_data["keep_published"])
        logout(request)
        messages.success(request, "Your account and personal data have been deleted.")
        return redirect("/")
    return render(request, "members/delete_account.html", {"form": form})
