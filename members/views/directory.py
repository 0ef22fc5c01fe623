from django.shortcuts import render

from members.decorators import verified_member_required
from members.directory import DirectoryFilters, DirectoryPaginator, search_directory

PER_PAGE = 20


@verified_member_required
def directory(request):
    """The filters and the members this member may see."""
    filters = DirectoryFilters(request.GET)
    values = filters.valid_values()
    results = search_directory(request.user, values)
    number = request.GET.get("page")
    page = DirectoryPaginator(results, PER_PAGE, number).get_page(number)
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
