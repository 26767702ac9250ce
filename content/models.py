from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index


class HomePage(Page):
    """The site's home page: what Tremplin is, and the way into the catalogue."""

    headline = models.CharField(_("accroche"), max_length=200, blank=True)
    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link", "ol", "ul"])

    content_panels = Page.content_panels + [FieldPanel("headline"), FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro")]

    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    def route(self, request, path_components):
        """Find the requested page by its URL path in one query instead of two per level.

        Wagtail walks the tree one slug at a time (a child query and a ``specific`` query per level,
        8 queries for a lesson at depth 6). Every page under this one has a stored ``url_path``, so
        the page is found directly; as with Wagtail's walk, only the page itself must be live. When no
        page has that exact path (a sub-route of a routable page, or a 404), Wagtail's walk decides.
        No page type of Tremplin overrides ``route`` below the home page; one that does must be
        reached through the walk, hence the check on ``route`` below.
        """
        if path_components:
            url_path = f"{self.url_path}{'/'.join(path_components)}/"
            page = Page.objects.filter(url_path=url_path, path__startswith=self.path).first()
            if page is not None:
                page = page.specific
                if type(page).route is Page.route:
                    return page.route(request, [])
        return super().route(request, path_components)

    class Meta:
        verbose_name = _("page d'accueil")
