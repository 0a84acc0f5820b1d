from django.shortcuts import render

from . import selectors


def set_list(request):
    return render(
        request, "principles/set_list.html", {"principle_sets": selectors.principle_set_list()}
    )


def set_detail(request, slug):
    principle_set = selectors.principle_set_get_with_groups(slug=slug)
    return render(request, "principles/set_detail.html", {"principle_set": principle_set})
