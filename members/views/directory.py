from allauth.account.decorators import verified_email_required
from django.core.paginator import Paginator
from django.shortcuts import render

from members.directory import DirectoryFilters, search_directory

PER_PAGE = 20


@verified_email_required
def directory(request):
    filters = DirectoryFilters(request.GET)
    values = filters.valid_values()
    results = search_directory(request.user, values)
    page = Paginator(results, PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "members/directory.html",
        {
            "filters": filters,
            "page_obj": page,
            "query": query.urlencode(),
            "filtered": bool(values),
        },
    )
