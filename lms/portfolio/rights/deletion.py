"""Delete a person's account, keeping issued attestations and badges verifiable but anonymous.

What happens, relation by relation (read from Django's metadata, so new apps are covered):

* rows that would be deleted with the account (``on_delete=CASCADE``) are deleted: enrolments,
  progress, attempts and answers, competency statuses, portfolios with their examples, evidence,
  shares and PDFs, memberships, the xAPI account… and the files they hold;
* references that would be cleared (``SET_NULL``) are cleared: the xAPI ledger keeps every statement
  under its opaque actor account, with the link to the account cut (the records app allows exactly
  that); a trainer's grades keep their points without the grader;
* issued attestations and issued badge assertions are **kept**: the attestation's holder name becomes
  "Compte supprimé"; badges stay verifiable (the Open Badges 2.0 recipient is a salted hash of the
  address, which the assertion keeps only to recompute that hash; it is never shown). Badges not yet
  issued are deleted.
* the account row itself stays as an empty, inactive tombstone ("Compte supprimé", an unusable
  password, a ``.invalid`` address), because those kept rows must point at something.
"""

import shutil
import uuid
from dataclasses import dataclass, field
from functools import partial

from django.db import models, transaction
from django.utils.translation import gettext, gettext_lazy

from .. import errors
from ..errors import PortfolioError
from ..models import Portfolio
from ..storage import portfolio_directory
from .relations import user_relations

DELETED_ACCOUNT_LABEL = gettext_lazy("Compte supprimé")
TOMBSTONE_DOMAIN = "compte-supprime.invalid"
#: Relations whose rows survive the account, pointing at the tombstone (model label → field name).
KEPT = {("learning.Attestation", "user"), ("badges.Assertion", "recipient")}


@dataclass
class DeletionReport:
    """Count the rows deleted, cleared and kept, per model label (``app.Model``) or relation."""

    deleted: dict[str, int] = field(default_factory=dict)
    cleared: dict[str, int] = field(default_factory=dict)
    kept: dict[str, int] = field(default_factory=dict)


def user_account_delete(*, user, email: str, password: str) -> DeletionReport:
    """Delete ``user``'s account once they confirmed it with their e-mail and password."""
    if user.is_staff or user.is_superuser:
        raise PortfolioError(errors.DELETE_STAFF_REFUSED, status_code=403)
    if (email or "").strip().lower() != user.email.lower():
        raise PortfolioError(errors.DELETE_EMAIL_MISMATCH, field="email")
    if not user.check_password(password or ""):
        raise PortfolioError(errors.DELETE_PASSWORD_WRONG, field="password")
    return account_erase(user=user)


def _remove_files(directories: list, public_files: list) -> None:
    for directory in directories:
        shutil.rmtree(directory, ignore_errors=True)
    for storage, name in public_files:
        storage.delete(name)


def _anonymise_kept(*, user, report: DeletionReport) -> None:
    from lms.badges.models import Assertion, AssertionStatus
    from lms.learning.models import Attestation

    report.kept["learning.Attestation"] = Attestation.objects.filter(user=user).update(
        learner_name=gettext("Compte supprimé")
    )
    pending = Assertion.objects.filter(recipient=user).exclude(status=AssertionStatus.ISSUED)
    report.deleted["badges.Assertion"] = pending.delete()[0]
    report.kept["badges.Assertion"] = Assertion.objects.filter(recipient=user).count()


def _forget_login_attempts(email: str) -> None:
    """Drop django-axes' records of this address (they hold it in clear, outside any relation)."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    for model in (AccessAttempt, AccessFailureLog, AccessLog):
        model.objects.filter(username__iexact=email).delete()


def _tombstone(user) -> None:
    user.email = f"compte-supprime-{uuid.uuid4().hex}@{TOMBSTONE_DOMAIN}"
    user.first_name = ""
    user.last_name = gettext("Compte supprimé")
    user.structure, user.region, user.departement = "", "", ""
    user.is_active = user.is_staff = user.is_superuser = user.is_invited = False
    user.last_login = None
    user.set_unusable_password()
    user.save()


@transaction.atomic
def account_erase(*, user) -> DeletionReport:
    """Erase ``user``'s data as the module docstring says; files are removed once the transaction commits."""
    from assessments.models import Answer

    report = DeletionReport()
    email = user.email
    directories = [
        portfolio_directory(key) for key in Portfolio.objects.filter(user=user).values_list("storage_key", flat=True)
    ]
    public_files = [
        (answer.file.storage, answer.file.name)
        for answer in Answer.objects.filter(attempt__user=user).exclude(file="").only("file")
    ]
    _anonymise_kept(user=user, report=report)
    for relation in user_relations():
        label = relation.model._meta.label
        if relation.kind == "m2m":
            relation.through._base_manager.filter(**{relation.through_user_field: user}).delete()
        elif (label, relation.field_name) in KEPT:
            continue
        elif relation.on_delete is models.CASCADE:
            _total, per_model = relation.model._base_manager.filter(**{relation.field_name: user}).delete()
            for model_label, count in per_model.items():
                report.deleted[model_label] = report.deleted.get(model_label, 0) + count
        elif relation.on_delete is models.SET_NULL:
            cleared = relation.model._base_manager.filter(**{relation.field_name: user}).update(
                **{relation.field_name: None}
            )
            report.cleared[f"{label}.{relation.field_name}"] = cleared
        # PROTECT, DO_NOTHING, SET_DEFAULT: the tombstone keeps these references valid.
    _forget_login_attempts(email)
    _tombstone(user)
    transaction.on_commit(partial(_remove_files, directories, public_files))
    return report
