"""Badges (issuers, « parcours terminé » classes, issued assertions) and VAE portfolios for load tests.

The few configuration rows (issuers, badge classes and their rules) go through the ORM; assertions,
portfolios, evidence items and practice examples are plain rows shaped as the award service and the
portfolio collectors write them, so the apps treat them as genuine. OB 3.0 credentials are not signed
(``credential``, ``status_index`` and ``statement_id`` stay empty, as for an unsigned deployment).
"""

import json
import secrets
import uuid
from types import SimpleNamespace

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from .scale_bulk import db_datetime, db_uuid, indexes_postponed, model_or_missing, rows_insert

# Courses of the catalogue (in catalogue order) that get a « parcours terminé » badge class.
BADGE_COURSES = 50
PORTFOLIO_SHARE = 0.2  # of the learners who completed at least one course
FRAMEWORK_CODE = "REMN-2019"
COURSE_BADGE_NAME = "Parcours terminé : %(title)s"
BADGE_IMAGE_NAME = "badges/classes/charge-parcours.svg"
BADGE_IMAGE = b"""<svg xmlns="http://www.w3.org/2000/svg" width="256" height="256" viewBox="0 0 256 256" role="img">
<title>Parcours termin\xc3\xa9</title>
<circle cx="128" cy="128" r="120" fill="#1d4e89"/>
<circle cx="128" cy="128" r="104" fill="none" stroke="#ffffff" stroke-width="6"/>
<path d="M84 128l32 32 60-62" fill="none" stroke="#ffffff" stroke-width="16" stroke-linecap="round"/>
</svg>
"""
EXAMPLES = [
    {
        "title": "Accompagner un public éloigné du numérique dans ses démarches en ligne",
        "tasks": "<p>Accueil des personnes, diagnostic de leurs usages, accompagnement pas à pas d'une démarche "
        "administrative (création d'un compte, dépôt d'une pièce justificative).</p>",
        "means": "<p>Ordinateurs et tablettes de l'espace, fiches pratiques, grille de diagnostic des compétences.</p>",
        "collaborators": "<p>La coordinatrice de l'espace et un travailleur social du centre communal.</p>",
        "context_structure": "Espace public numérique",
        "context_period": "Six mois, à raison de deux permanences par semaine",
    },
    {
        "title": "Animer un atelier collectif de découverte des outils numériques",
        "tasks": "<p>Conception du déroulé, animation d'un groupe de huit personnes, évaluation des acquis en fin "
        "de séance.</p>",
        "means": "<p>Vidéoprojecteur, supports imprimés, exercices progressifs, questionnaire de satisfaction.</p>",
        "collaborators": "<p>Un second médiateur et la responsable de la médiathèque.</p>",
        "context_structure": "Médiathèque intercommunale",
        "context_period": "Un cycle de cinq ateliers",
    },
]


def _text_length(example: dict) -> int:
    from lms.portfolio.services.examples import example_text_length

    return example_text_length(example)


def scale_portfolio_badges_create(*, ctx) -> dict[str, int]:
    """Award a badge per completion of the first courses; give a fifth of the finishers a REMN-2019 portfolio."""
    assertion_model = model_or_missing("badges.Assertion")
    portfolio_model = model_or_missing("portfolio.Portfolio")
    course_completion = model_or_missing("learning.CourseCompletion")
    from courses.models import CoursePage
    from lms.accounts.models import User

    course_ids = ctx.catalogue.course_ids
    completions = list(
        course_completion.objects.filter(course_id__in=course_ids)
        .order_by("pk")
        .values_list("pk", "user_id", "course_id", "completed_at")
    )
    courses = {
        pk: (title, hours, organisation)
        for pk, title, hours, organisation in CoursePage.objects.filter(pk__in=course_ids).values_list(
            "pk", "title", "duration_hours", "organisation__name"
        )
    }
    through = CoursePage.competencies.through
    course_competencies: dict[int, list[int]] = {}
    for course_id, competency_id in (
        through.objects.filter(coursepage_id__in=course_ids)
        .order_by("pk")
        .values_list("coursepage_id", "competency_id")
    ):
        course_competencies.setdefault(course_id, []).append(competency_id)
    now = timezone.now()
    counts, assertions = _badges_create(
        ctx=ctx,
        completions=completions,
        courses=courses,
        course_competencies=course_competencies,
        now=now,
        assertion_model=assertion_model,
        user_model=User,
    )
    counts.update(
        _portfolios_create(
            ctx=ctx,
            completions=completions,
            courses=courses,
            course_competencies=course_competencies,
            assertions=assertions,
            now=now,
            portfolio_model=portfolio_model,
        )
    )
    return counts


def _badges_create(*, ctx, completions, courses, course_competencies, now, assertion_model, user_model):
    """Return the counts and, per learner, the (uuid, badge class id, course id, issued_on) of their badges."""
    from lms.accounts.models import Organisation
    from lms.badges.eligibility import COURSE_EVIDENCE
    from lms.badges.eligibility import _day as evidence_day
    from lms.badges.models import AssertionStatus, BadgeClass, BadgeRule, RuleKind
    from lms.badges.ob2 import new_salt
    from lms.badges.services.awards import AUTO_KEY
    from lms.badges.services.issuers import issuer_ensure

    badge_course_ids = ctx.catalogue.course_ids[:BADGE_COURSES]
    # Every organisation of the data set issues badges (one issuer each, reused when it exists).
    organisation_ids = {organisation.pk for organisation in ctx.people.organisations}
    organisation_ids |= {ctx.catalogue.organisation_by_course[pk] for pk in badge_course_ids}
    issuers = {
        organisation.pk: issuer_ensure(organisation=organisation)
        for organisation in Organisation.objects.filter(pk__in=organisation_ids)
    }
    # One image file shared by every class: the seed writes one file, not one per course.
    if not default_storage.exists(BADGE_IMAGE_NAME):
        default_storage.save(BADGE_IMAGE_NAME, ContentFile(BADGE_IMAGE))
    classes = []
    for course_id in badge_course_ids:
        title = courses[course_id][0]
        badge_class = BadgeClass(
            organisation_id=ctx.catalogue.organisation_by_course[course_id],
            name=(COURSE_BADGE_NAME % {"title": title})[:200],
            description=f"A terminé le parcours « {title} » : leçons suivies et évaluations requises réussies.",
            criteria_narrative=f"- Terminer toutes les leçons de « {title} »",
            image_alt=f"Badge rond, coche blanche : parcours « {title} » terminé",
        )
        badge_class.image.name = BADGE_IMAGE_NAME
        classes.append(badge_class)
    BadgeClass.objects.bulk_create(classes)
    class_by_course = dict(zip(badge_course_ids, classes, strict=True))
    BadgeRule.objects.bulk_create(
        BadgeRule(badge_class=badge_class, kind=RuleKind.COURSE_COMPLETED, course_id=course_id)
        for course_id, badge_class in class_by_course.items()
    )
    BadgeClass.competencies.through.objects.bulk_create(
        BadgeClass.competencies.through(badgeclass_id=badge_class.pk, competency_id=competency_id)
        for course_id, badge_class in class_by_course.items()
        for competency_id in course_competencies.get(course_id, [])
    )

    awarded = [row for row in completions if row[2] in class_by_course]
    emails = dict(
        user_model.objects.filter(pk__in={row[1] for row in awarded}).values_list("pk", "email").iterator(10_000)
    )
    rng = ctx.rng
    by_learner: dict[int, list[tuple]] = {}
    rows = []
    for _pk, user_id, course_id, completed_at in awarded:
        badge_class = class_by_course[course_id]
        public_id = uuid.UUID(int=rng.getrandbits(128), version=4)
        evidence = [
            {
                "name": "Formation terminée",
                "narrative": COURSE_EVIDENCE % {"title": courses[course_id][0], "date": evidence_day(completed_at)},
            }
        ]
        issued_on = db_datetime(completed_at)
        rows.append(
            (
                db_uuid(public_id),
                badge_class.pk,
                issuers[badge_class.organisation_id].pk,
                user_id,
                emails[user_id],
                new_salt(),
                AUTO_KEY % {"number": 1},
                True,
                AssertionStatus.ISSUED.value,
                "",
                1,
                json.dumps(evidence, ensure_ascii=False),
                "",
                issued_on,
                issued_on,
                "",
            )
        )
        by_learner.setdefault(user_id, []).append((public_id, badge_class, course_id, completed_at))
    fields = [
        "uuid",
        "badge_class",
        "issuer",
        "recipient",
        "recipient_email",
        "salt",
        "award_key",
        "once_only",
        "status",
        "error",
        "attempts",
        "evidence",
        "narrative",
        "created_at",
        "issued_on",
        "revocation_reason",
    ]
    with indexes_postponed(assertion_model):
        count = rows_insert(assertion_model, fields, rows)
    counts = {"badge issuers": len(issuers), "badge classes": len(classes), "badge assertions": count}
    return counts, by_learner


def _portfolios_create(*, ctx, completions, courses, course_competencies, assertions, now, portfolio_model):
    from lms.badges.links import assertion_page_url
    from lms.frameworks.models import Block, Competency, EvidenceType, Framework
    from lms.portfolio.models import EvidenceCompetency, EvidenceItem, EvidenceSource, PracticeExample
    from lms.portfolio.services.collect import SNAPSHOT_SCHEMA, CompetencyResolver
    from lms.portfolio.services.sources import CERTIFICATE_TYPE, _iso, _number

    from .site_setup import frameworks_ensure

    frameworks_ensure()
    framework = Framework.objects.get(code=FRAMEWORK_CODE)
    rng = ctx.rng
    finishers = sorted({row[1] for row in completions})
    chosen = sorted(rng.sample(finishers, round(len(finishers) * PORTFOLIO_SHARE))) if finishers else []
    chosen_set = set(chosen)
    stamp = db_datetime(now)
    portfolio_rows = [
        (user_id, framework.pk, secrets.token_hex(16), "", None, stamp, stamp, stamp) for user_id in chosen
    ]
    item_fields = ["portfolio", "source_type", "source_id", "evidence_type", "occurred_on", "snapshot"]
    item_fields += ["file", "file_name", "file_mime", "file_size", "people_consent_at", "collected_at"]
    with indexes_postponed(portfolio_model, EvidenceItem, EvidenceCompetency, PracticeExample):
        rows_insert(
            portfolio_model,
            ["user", "framework", "storage_key", "honour_statement_text", "honour_statement_at"]
            + ["evidence_collected_at", "created_at", "updated_at"],
            portfolio_rows,
        )
        portfolio_of = dict(
            portfolio_model.objects.filter(user_id__in=chosen, framework=framework).values_list("user_id", "pk")
        )
        # The collector's resolver, once for the whole run: no learner's competency statuses at this scale.
        resolver = CompetencyResolver(
            portfolio=SimpleNamespace(framework_id=framework.pk, user_id=None),
            competency_ids={pk for ids in course_competencies.values() for pk in ids},
        )
        links_of = {course_id: resolver.links(ids) for course_id, ids in course_competencies.items()}
        described = {
            course_id: [resolver.describe(link, score=None) for link in links] for course_id, links in links_of.items()
        }
        certificate = EvidenceType.objects.filter(code=CERTIFICATE_TYPE).values_list("pk", flat=True).first()
        items = []
        for pk, user_id, course_id, completed_at in completions:
            if user_id not in chosen_set:
                continue
            title, hours, organisation = courses[course_id]
            snapshot = {
                "title": title,
                "subtitle": "Formation terminée",
                "date": _iso(completed_at),
                "hours": _number(hours),
                "organisation": organisation or "",
                "schema": SNAPSHOT_SCHEMA,
                "competencies": described.get(course_id, []),
            }
            items.append(
                (
                    portfolio_of[user_id],
                    EvidenceSource.COURSE_COMPLETION.value,
                    str(pk),
                    certificate,
                    timezone.localdate(completed_at).isoformat(),
                    json.dumps(snapshot, ensure_ascii=False),
                    "",
                    "",
                    "",
                    None,
                    None,
                    stamp,
                )
            )
        for user_id in chosen:
            for public_id, badge_class, course_id, issued_on in assertions.get(user_id, []):
                snapshot = {
                    "title": badge_class.name,
                    "subtitle": "Badge numérique (Open Badges)",
                    "date": _iso(issued_on),
                    "end_date": "",
                    "organisation": courses[course_id][2] or "",
                    "description": badge_class.description,
                    "verification_url": assertion_page_url(public_id),
                    "schema": SNAPSHOT_SCHEMA,
                    "competencies": described.get(course_id, []),
                }
                items.append(
                    (
                        portfolio_of[user_id],
                        EvidenceSource.BADGE.value,
                        str(public_id),
                        certificate,
                        timezone.localdate(issued_on).isoformat(),
                        json.dumps(snapshot, ensure_ascii=False),
                        "",
                        "",
                        "",
                        None,
                        None,
                        stamp,
                    )
                )
        evidence_count = rows_insert(EvidenceItem, item_fields, items)
        # (portfolio, source type, source id) → item id, to link competencies and examples.
        item_ids = {
            (portfolio_id, source_type, source_id): pk
            for pk, portfolio_id, source_type, source_id in EvidenceItem.objects.filter(
                portfolio_id__in=portfolio_of.values()
            ).values_list("pk", "portfolio_id", "source_type", "source_id")
        }
        course_of_source = {str(pk): course_id for pk, _user, course_id, _at in completions}
        for assertions_of in assertions.values():
            for public_id, _class, course_id, _at in assertions_of:
                course_of_source[str(public_id)] = course_id
        links_rows = []
        items_by_portfolio: dict[int, list[tuple[int, int]]] = {}
        for (portfolio_id, _source_type, source_id), item_id in item_ids.items():
            course_id = course_of_source[source_id]
            items_by_portfolio.setdefault(portfolio_id, []).append((item_id, course_id))
            for link in links_of.get(course_id, []):
                links_rows.append(
                    (
                        item_id,
                        link.competency.pk,
                        link.via_mapping,
                        link.mapping_status,
                        link.source.reference if link.source else "",
                    )
                )
        link_count = rows_insert(
            EvidenceCompetency,
            ["evidence", "competency", "via_mapping", "mapping_status", "source_reference"],
            links_rows,
        )
        example_count, example_links = _examples_create(
            rng=rng,
            framework=framework,
            portfolio_ids=sorted(portfolio_of.values()),
            items_by_portfolio=items_by_portfolio,
            links_of=links_of,
            stamp=stamp,
            block_model=Block,
            competency_model=Competency,
            example_model=PracticeExample,
        )
    return {
        "portfolios": len(portfolio_of),
        "evidence items": evidence_count,
        "evidence competencies": link_count,
        "practice examples": example_count,
        "practice example links": example_links,
    }


def _examples_create(
    *, rng, framework, portfolio_ids, items_by_portfolio, links_of, stamp, block_model, competency_model, example_model
):
    """Write 1–2 practice examples per portfolio, on blocks its evidence supports; return rows and links written."""
    blocks = list(
        block_model.objects.filter(framework=framework).order_by("sort_order", "pk").values_list("pk", flat=True)
    )
    if not blocks:
        return 0, 0
    first_competency = {}
    for block_id, competency_id in (
        competency_model.objects.filter(framework=framework).order_by("sort_order", "pk").values_list("block_id", "pk")
    ):
        first_competency.setdefault(block_id, competency_id)
    lengths = [_text_length(example) for example in EXAMPLES]
    rows, wanted = [], {}
    for portfolio_id in portfolio_ids:
        # Competency id → (block id, evidence item ids supporting it) for this portfolio.
        supported: dict[int, tuple[int, list[int]]] = {}
        for item_id, course_id in items_by_portfolio.get(portfolio_id, []):
            for link in links_of.get(course_id, []):
                supported.setdefault(link.competency.pk, (link.competency.block_id, []))[1].append(item_id)
        supported_blocks = sorted({block_id for block_id, _items in supported.values()})
        for sort_order in range(rng.choice((1, 2))):
            block_id = rng.choice(supported_blocks or blocks)
            competencies = [pk for pk, (block, _items) in sorted(supported.items()) if block == block_id][:2]
            evidence = sorted({item for pk in competencies for item in supported[pk][1]})
            if not competencies and first_competency.get(block_id):
                competencies = [first_competency[block_id]]
            if not evidence and items_by_portfolio.get(portfolio_id):
                evidence = [items_by_portfolio[portfolio_id][0][0]]
            number = rng.randrange(len(EXAMPLES))
            example = EXAMPLES[number]
            rows.append(
                (
                    portfolio_id,
                    block_id,
                    example["title"],
                    example["tasks"],
                    example["means"],
                    example["collaborators"],
                    example["context_structure"],
                    "",
                    example["context_period"],
                    "",
                    lengths[number],
                    sort_order,
                    stamp,
                    stamp,
                )
            )
            wanted[(portfolio_id, sort_order)] = (competencies, evidence)
    fields = ["portfolio", "block", "title", "tasks", "means", "collaborators", "context_structure"]
    fields += ["context_service", "context_period", "extra", "text_length", "sort_order", "created_at", "updated_at"]
    count = rows_insert(example_model, fields, rows)
    example_ids = {
        (portfolio_id, sort_order): pk
        for pk, portfolio_id, sort_order in example_model.objects.filter(portfolio_id__in=portfolio_ids).values_list(
            "pk", "portfolio_id", "sort_order"
        )
    }
    competency_through = example_model.competencies.through
    evidence_through = example_model.evidence.through
    competency_rows, evidence_rows = [], []
    for key, (competencies, evidence) in wanted.items():
        example_id = example_ids[key]
        competency_rows += [(example_id, pk) for pk in competencies]
        evidence_rows += [(example_id, pk) for pk in evidence]
    links = rows_insert(competency_through, ["practiceexample", "competency"], competency_rows)
    links += rows_insert(evidence_through, ["practiceexample", "evidenceitem"], evidence_rows)
    return count, links
