"""The badges app's part of the trust tests: a world extension and the authorisation matrix rows.

Merged by ``tests/trust_tests`` (``WORLD_EXTENSIONS.append(badges_world)`` in ``world.py`` and
``MATRIX.update(badges_matrix())`` at the end of ``matrix.py``).

Who is who for badges (``lms.badges.permissions`` and ``selectors``): the authors and managers of an
organisation manage its badge classes and its issuer profile in the admin; its trainers and managers
award and revoke its badges; issued assertions are shown in the admin to superusers only, read-only.
Public documents (issuer, class, assertion, images, keys, revocations) are open to anyone, the
assertions through their unguessable uuid. A revoked assertion's JSON, image and credential answer
410 Gone, which no matrix ``Outcome`` expresses: ``tests/badges_tests/test_views.py`` checks them.
"""

import uuid


def badges_world(world) -> None:
    """Add org_x's issuer, two badge classes, learner_a's issued, revoked and pending badges."""
    from django.core.files.base import ContentFile

    from lms.badges.images import normalise_png
    from lms.badges.services import assertion_award_manual, assertion_issue, assertion_revoke, issuer_ensure
    from tests.badges_tests.factories import TRAINER_RULE, make_badge_class, png_bytes

    learner_a, learner_b, trainer = world.users["learner_a"], world.users["learner_b"], world.users["trainer_x"]
    issuer = issuer_ensure(organisation=world.org_x)
    issuer.image.save("logo-x.png", ContentFile(normalise_png(png_bytes())), save=True)
    awarded = make_badge_class(world.org_x, name="Médiation X", rules=[TRAINER_RULE], repeatable=True)
    unawarded = make_badge_class(world.org_x, name="Jamais délivré X", rules=[TRAINER_RULE])

    def award(learner, narrative: str, *, issue: bool = True):
        assertion = assertion_award_manual(badge_class=awarded, learner=learner, trainer=trainer, narrative=narrative)
        if issue:
            assertion, _now = assertion_issue(assertion_id=assertion.pk)
        return assertion

    issued = award(learner_a, "A animé trois ateliers.")
    revoked = award(learner_a, "Attribué par erreur.")
    assertion_revoke(assertion=revoked, reason="Attribué par erreur", actor=trainer)
    issuer.refresh_from_db()
    world.extra.update(
        badge_issuer_x=issuer,
        badge_key_x=issuer.keys.order_by("pk").first(),
        badge_class_x=awarded,
        badge_class_unawarded_x=unawarded,
        badge_assertion_a=issued,
        badge_assertion_revoked_a=revoked,
        badge_assertion_pending_a=award(learner_a, "Pas encore délivré.", issue=False),
        # Revoked by the last row of the matrix, so that no other row sees it change.
        badge_assertion_to_revoke_b=award(learner_b, "A tenu la permanence."),
    )


def badges_matrix() -> dict:
    """Return the matrix rows of every ``badges:`` URL and of the « Open Badges » admin screens."""
    from tests.trust_tests.matrix import (
        admin_viewset,
        at,
        case,
        everyone,
        nobody_finds,
        only,
        signed_in,
    )

    extra = lambda key: lambda w: w.extra[key].pk  # noqa: E731 - a one-line builder factory
    public_id = lambda key: lambda w: w.extra[key].uuid  # noqa: E731
    issuer = extra("badge_issuer_x")
    awarders = only("trainer_x", "administrator")  # trainers and managers of org_x, superusers
    org_authors = only("author_x", "administrator")  # authors and managers of org_x, superusers
    any_authors = only("author_x", "author_y", "administrator")  # lists and forms show one's own only
    nobody = only()
    class_views = ("history", "history_results", "usage", "copy")
    issuer_views = ("history", "history_results", "usage")
    return {
        # Each learner's own badges (no identifier in the URL).
        "badges:my_badges": [case(at("badges:my_badges"), signed_in())],
        "badges:manual_award": [case(at("badges:manual_award"), awarders)],
        # Hosted verification: public documents, fetched by backpacks and verifiers.
        "badges:issuer_json": [case(at("badges:issuer_json", pk=issuer), everyone())],
        "badges:issuer_profile": [case(at("badges:issuer_profile", pk=issuer), everyone())],
        "badges:issuer_key": [
            case(
                at("badges:issuer_key", pk=issuer, key_id=lambda w: w.extra["badge_key_x"].public_key_multibase),
                everyone(),
                label="published key",
            ),
            case(at("badges:issuer_key", pk=issuer, key_id=lambda w: "z6MkInconnue"), nobody_finds(), label="unknown"),
        ],
        "badges:issuer_revocations": [case(at("badges:issuer_revocations", pk=issuer), everyone())],
        "badges:issuer_status_list": [case(at("badges:issuer_status_list", pk=issuer), everyone())],
        "badges:issuer_image": [case(at("badges:issuer_image", pk=issuer), everyone())],
        "badges:class_json": [case(at("badges:class_json", pk=extra("badge_class_x")), everyone())],
        "badges:class_image": [
            case(at("badges:class_image", pk=extra("badge_class_x"), kind=lambda w: "png"), everyone())
        ],
        # Public through the unguessable uuid; pending or unknown assertions do not exist for anyone.
        "badges:assertion_json": [
            case(at("badges:assertion_json", uuid=public_id("badge_assertion_a")), everyone(), label="issued"),
            case(
                at("badges:assertion_json", uuid=public_id("badge_assertion_pending_a")),
                nobody_finds(),
                label="pending",
            ),
            case(at("badges:assertion_json", uuid=lambda w: uuid.uuid4()), nobody_finds(), label="unknown"),
        ],
        "badges:assertion_page": [
            case(at("badges:assertion_page", uuid=public_id("badge_assertion_a")), everyone(), label="issued"),
            # The page stays, saying the badge is revoked (its JSON answers 410 Gone).
            case(at("badges:assertion_page", uuid=public_id("badge_assertion_revoked_a")), everyone(), label="revoked"),
            case(
                at("badges:assertion_page", uuid=public_id("badge_assertion_pending_a")),
                nobody_finds(),
                label="pending",
            ),
        ],
        "badges:assertion_image": [
            case(
                at("badges:assertion_image", uuid=public_id("badge_assertion_a"), kind=lambda w: "png"),
                everyone(),
                label="png",
            ),
            case(
                at("badges:assertion_image", uuid=public_id("badge_assertion_a"), kind=lambda w: "svg"),
                everyone(),
                label="svg",
            ),
        ],
        "badges:assertion_credential": [
            case(at("badges:assertion_credential", uuid=public_id("badge_assertion_a")), everyone())
        ],
        # Admin: badge classes, for the authors and managers of their organisation.
        "badges_admin_class:index": [case(at("badges_admin_class:index"), any_authors)],
        "badges_admin_class:index_results": [case(at("badges_admin_class:index_results"), any_authors)],
        "badges_admin_class:add": [case(at("badges_admin_class:add"), any_authors)],
        "badges_admin_class:edit": [case(at("badges_admin_class:edit", pk=extra("badge_class_x")), org_authors)],
        "badges_admin_class:delete": [
            # An awarded class cannot be deleted, by anyone (it is deactivated instead).
            case(at("badges_admin_class:delete", pk=extra("badge_class_x")), nobody, label="awarded"),
            case(
                at("badges_admin_class:delete", pk=extra("badge_class_unawarded_x")), org_authors, label="never awarded"
            ),
        ],
        **admin_viewset("badges_admin_class", class_views, pk=extra("badge_class_x"), expect=org_authors),
        # Admin: issuers, created on demand (never added nor deleted by hand), edited by their authors.
        "badges_admin_issuer:index": [case(at("badges_admin_issuer:index"), any_authors)],
        "badges_admin_issuer:index_results": [case(at("badges_admin_issuer:index_results"), any_authors)],
        "badges_admin_issuer:edit": [case(at("badges_admin_issuer:edit", pk=issuer), org_authors)],
        **admin_viewset("badges_admin_issuer", issuer_views, pk=issuer, expect=org_authors),
        **admin_viewset("badges_admin_issuer", ("add", "delete", "copy"), pk=issuer, expect=nobody),
        # Admin: issued badges, superusers only and read-only (the trainers' pages award and revoke).
        **admin_viewset(
            "badges_admin_assertion",
            ("index", "index_results", "inspect", "history", "history_results"),
            pk=extra("badge_assertion_a"),
            expect=only("administrator"),
        ),
        **admin_viewset(
            "badges_admin_assertion",
            ("add", "edit", "delete", "copy", "usage"),
            pk=extra("badge_assertion_a"),
            expect=nobody,
        ),
        # Last: it revokes learner_b's badge (a trainer of the issuing organisation, or a superuser).
        "badges:assertion_revoke": [
            case(at("badges:assertion_revoke", uuid=public_id("badge_assertion_to_revoke_b")), awarders, label="form"),
            case(
                at("badges:assertion_revoke", uuid=public_id("badge_assertion_to_revoke_b")),
                awarders,
                method="post",
                data=lambda w: {"reason": "Attribué à la mauvaise personne"},
                label="revoke",
            ),
        ],
    }
