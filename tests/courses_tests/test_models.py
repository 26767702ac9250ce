import pytest
from django.core.exceptions import ValidationError
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from content.models import HomePage
from courses.models import CatalogueIndexPage, CoursePage, LessonPage, OrganisationSectionPage

from .factories import make_course, make_framework, make_section

pytestmark = pytest.mark.django_db


class TestPageTreeRules(WagtailPageTestCase):
    def test_catalogue_sits_under_the_home_page(self):
        self.assertAllowedParentPageTypes(CatalogueIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(CatalogueIndexPage, {OrganisationSectionPage})

    def test_sections_hold_courses_only(self):
        self.assertAllowedParentPageTypes(OrganisationSectionPage, {CatalogueIndexPage})
        self.assertAllowedSubpageTypes(OrganisationSectionPage, {CoursePage})

    def test_courses_hold_lessons(self):
        self.assertAllowedParentPageTypes(CoursePage, {OrganisationSectionPage})
        self.assertIn(LessonPage, CoursePage.allowed_subpage_models())

    def test_lessons_are_leaves(self):
        self.assertAllowedParentPageTypes(LessonPage, {CoursePage})
        self.assertAllowedSubpageTypes(LessonPage, set())

    def test_no_course_directly_under_the_root(self):
        self.assertCanNotCreateAt(Page, CoursePage)
        self.assertCanNotCreateAt(CatalogueIndexPage, CoursePage)


class TestCoursePage:
    def test_organisation_is_taken_from_the_section(self, site_tree):
        section = make_section(site_tree[1])
        course = make_course(section, slug="posture")
        assert course.organisation == section.organisation

    def test_cover_image_requires_alt_text(self, site_tree):
        from wagtail.images.models import Image
        from wagtail.images.tests.utils import get_test_image_file

        section = make_section(site_tree[1])
        course = make_course(section, slug="posture")
        course.cover_image = Image.objects.create(title="Couverture", file=get_test_image_file())
        course.cover_alt = "  "
        with pytest.raises(ValidationError) as error:
            course.full_clean()
        assert error.value.message_dict["cover_alt"] == ["Décrivez l'image de couverture (texte alternatif)."]

    def test_copy_keeps_competencies(self, site_tree):
        refs = make_framework()
        section = make_section(site_tree[1])
        course = make_course(section, slug="posture", competencies=[refs["CP1"], refs["CP3"]])
        copy = course.copy(update_attrs={"slug": "posture-copie", "title": "Copie"})
        assert set(copy.specific.competencies.values_list("code", flat=True)) == {"CP1", "CP3"}

    def test_objectives_list_ignores_blank_lines(self, site_tree):
        section = make_section(site_tree[1])
        course = make_course(section, slug="posture", objectives="Situer son rôle\n\n  Orienter  \n")
        assert course.objectives_list == ["Situer son rôle", "Orienter"]
