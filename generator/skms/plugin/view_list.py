"""Every generated view of a build, in navigation order."""

from __future__ import annotations

from .metrics_view import metrics_data
from .register_views import alert_views, runbook_views
from .review_views import review_views
from .structure import Site
from .views import (
    Tag,
    View,
    articles_data,
    change_views,
    home_data,
    known_errors_data,
    problems_data,
    readiness_data,
    services_data,
    tag_data,
    tags_data,
)


def standard_views(site: Site, home: bool, tags: list[Tag], site_name: str) -> list[View]:
    """The views of a build, in navigation order; `home` is False when docs/index.md exists."""
    views = []
    if home:
        views.append(View("home", "index", site_name, "views/home.html", home_data))
    views += review_views(site)
    views += [
        View(
            "problems", "problems/index", "Problem register", "views/problems.html", problems_data
        ),
        View(
            "known_errors",
            "problems/known-errors",
            "Known errors",
            "views/known_errors.html",
            known_errors_data,
            nav=False,  # linked from the problem register and the home page
        ),
    ]
    views += runbook_views(site) + alert_views(site)
    views += [
        View("services", "services/index", "Services", "views/services.html", services_data),
        View(
            "readiness",
            "readiness/index",
            "Release readiness",
            "views/readiness.html",
            readiness_data,
        ),
        View("articles", "articles/index", "Articles", "views/articles.html", articles_data),
        View("tags", "tags/index", "Tags", "views/tags.html", lambda s: tags_data(tags)),
        View("metrics", "metrics/index", "Metrics", "views/metrics.html", metrics_data),
    ]
    if site.git is not None:
        views += change_views(site)
    for tag in (t for t in tags if t.page):
        views.append(
            View(
                f"tag:{tag.slug}",
                f"tags/{tag.slug}",
                f"Tag: {tag.name}",
                "views/tag.html",
                tag_data(tag),
                nav=False,
            )
        )
    return views
