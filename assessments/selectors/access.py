"""Who may manage a bank, grade answers, read statistics or download an assignment."""

from django.db.models import QuerySet

from lms.accounts.models import Membership, Organisation
from lms.accounts.roles import OrganisationRole

from ..models import Question

BANK_ROLES = (OrganisationRole.AUTHOR, OrganisationRole.REVIEWER, OrganisationRole.TRAINER, OrganisationRole.MANAGER)
GRADER_ROLES = (OrganisationRole.TRAINER, OrganisationRole.MANAGER)
STATISTICS_ROLES = BANK_ROLES


def is_site_staff(user) -> bool:
    """Return whether ``user`` oversees every organisation (site staff and superusers)."""
    return bool(user.is_authenticated and (user.is_superuser or user.is_staff))


def organisation_ids(*, user, roles: tuple[str, ...]) -> set[int]:
    """Return the ids of the organisations where ``user`` holds one of ``roles`` (cached on the user)."""
    if not user.is_authenticated:
        return set()
    cache = user.__dict__.setdefault("_assessments_organisation_ids", {})
    if roles not in cache:
        cache[roles] = set(
            Membership.objects.filter(user=user, role__in=roles).values_list("organisation_id", flat=True)
        )
    return cache[roles]


def user_can_grade(*, user, organisation_id: int) -> bool:
    return is_site_staff(user) or organisation_id in organisation_ids(user=user, roles=GRADER_ROLES)


def user_can_view_statistics(*, user, organisation_id: int) -> bool:
    return is_site_staff(user) or organisation_id in organisation_ids(user=user, roles=STATISTICS_ROLES)


def user_manages_every_bank(user) -> bool:
    return bool(user.is_authenticated and (user.is_superuser or user.has_perm("assessments.change_question")))


def question_bank_organisations(*, user) -> QuerySet[Organisation]:
    """Return the organisations whose question bank ``user`` may edit."""
    if user_manages_every_bank(user):
        return Organisation.objects.order_by("name")
    return Organisation.objects.filter(pk__in=organisation_ids(user=user, roles=BANK_ROLES)).order_by("name")


def questions_for_user(*, user) -> QuerySet[Question]:
    """Return the bank questions ``user`` may see and edit in the admin."""
    questions = Question.objects.select_related("organisation")
    if user_manages_every_bank(user):
        return questions
    return questions.filter(organisation_id__in=organisation_ids(user=user, roles=BANK_ROLES))
