from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index


class CatalogueIndexPage(Page):
    """The catalogue of every training organisation's courses."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["content.HomePage"]
    subpage_types = ["courses.OrganisationSectionPage"]
    max_count = 1

    class Meta:
        verbose_name = _("catalogue des formations")


class OrganisationSectionPage(Page):
    """One training organisation's part of the catalogue: its authors' permissions hang here."""

    organisation = models.OneToOneField(
        "accounts.Organisation",
        verbose_name=_("organisme de formation"),
        on_delete=models.PROTECT,
        related_name="catalogue_section",
    )
    intro = RichTextField(_("présentation"), blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("organisation"), FieldPanel("intro")]
    parent_page_types = ["courses.CatalogueIndexPage"]
    subpage_types = ["courses.CoursePage"]

    class Meta:
        verbose_name = _("espace d'un organisme")


class CoursePage(Page):
    """A continuing-training course (a module) made of lessons."""

    summary = models.TextField(_("résumé"), max_length=600)

    content_panels = Page.content_panels + [FieldPanel("summary")]
    search_fields = Page.search_fields + [index.SearchField("summary")]
    parent_page_types = ["courses.OrganisationSectionPage"]
    subpage_types = ["courses.LessonPage"]

    class Meta:
        verbose_name = _("formation")


class LessonPage(Page):
    """A lesson of a course."""

    body = RichTextField(_("contenu"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("body")]
    parent_page_types = ["courses.CoursePage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("leçon")
