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

    class Meta:
        verbose_name = _("page d'accueil")
