"""Writes for the catalogue structure and its permissions."""

from django.contrib.auth.models import Permission
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.models import GroupApprovalTask, GroupPagePermission, Page, Workflow, WorkflowPage, WorkflowTask

from lms.accounts.models import Organisation
from lms.accounts.roles import OrganisationRole
from lms.accounts.services import organisation_groups_ensure

from .models import CatalogueIndexPage, OrganisationSectionPage

# Page permissions each organisation role holds on its organisation's subtree. Authors draft and
# submit for review; reviewers (relecture pédagogique) may also publish.
ROLE_PAGE_PERMISSIONS: dict[str, list[str]] = {
    OrganisationRole.AUTHOR: ["add_page", "change_page"],
    OrganisationRole.REVIEWER: ["add_page", "change_page", "publish_page"],
    OrganisationRole.MANAGER: ["add_page", "change_page", "publish_page"],
}


@transaction.atomic
def organisation_section_ensure(
    *, organisation: Organisation, catalogue: CatalogueIndexPage
) -> OrganisationSectionPage:
    """Create, if missing, the organisation's catalogue subtree and grant its roles their page permissions."""
    section = OrganisationSectionPage.objects.filter(organisation=organisation).first()
    if section is None:
        section = OrganisationSectionPage(
            title=organisation.name,
            slug=slugify(organisation.slug or organisation.name)[:80],
            organisation=organisation,
            intro="",
        )
        catalogue.add_child(instance=section)
        section.save_revision().publish()
    groups = organisation_groups_ensure(organisation=organisation)
    page_permissions = {
        p.codename: p
        for p in Permission.objects.filter(content_type__app_label="wagtailcore", codename__endswith="_page")
    }
    for role, codenames in ROLE_PAGE_PERMISSIONS.items():
        for codename in codenames:
            GroupPagePermission.objects.get_or_create(
                group=groups[role], page=section, permission=page_permissions[codename]
            )
    review_workflow_ensure(section=section, reviewers=groups[OrganisationRole.REVIEWER])
    return section


def review_workflow_ensure(*, section: OrganisationSectionPage, reviewers) -> Workflow:
    """Attach to ``section`` a "relecture pédagogique" workflow approved by the organisation's reviewers."""
    existing = WorkflowPage.objects.filter(page=section).select_related("workflow").first()
    if existing is not None:
        return existing.workflow
    name = _("Relecture pédagogique — %(organisation)s") % {"organisation": section.organisation.name}
    workflow = Workflow.objects.create(name=name[:255])
    task = GroupApprovalTask.objects.create(name=name[:255])
    task.groups.set([reviewers])
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.create(workflow=workflow, page=section)
    return workflow


@transaction.atomic
def catalogue_ensure(*, home: Page) -> CatalogueIndexPage:
    """Create, if missing, the catalogue index under the home page."""
    catalogue = CatalogueIndexPage.objects.first()
    if catalogue is None:
        catalogue = CatalogueIndexPage(
            title=_("Formations"),
            slug="formations",
            intro=_("<p>Les formations continues proposées par les organismes partenaires.</p>"),
        )
        home.add_child(instance=catalogue)
        catalogue.save_revision().publish()
    return catalogue
