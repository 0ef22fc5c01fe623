from django.shortcuts import render
from django.template.loader import render_to_string

from convening_site.content_cache import remember_for_reader
from members.decorators import verified_member_required
from members.directory import DirectoryFilters, DirectoryPaginator, search_directory

PER_PAGE = 20


@verified_member_required
def directory(request):
    """The filters and the members this member may see, kept for them until content changes
    (`remember_for_reader`)."""
    html = remember_for_reader(
        request, f"directory:{request.get_full_path()}", lambda: _directory(request)
    )
    return render(request, "members/directory.html", {"directory_html": html})


def _directory(request) -> str:
    filters = DirectoryFilters(request.GET)
    values = filters.valid_values()
    results = search_directory(request.user, values)
    number = request.GET.get("page")
    page = DirectoryPaginator(results, PER_PAGE, number).get_page(number)
    query = request.GET.copy()
    query.pop("page", None)
    return render_to_string(
        "members/includes/directory.html",
        {
            "filters": filters,
            "page_obj": page,
            "query": query.urlencode(),
            "filtered": bool(values),
        },
        request=request,
    )
