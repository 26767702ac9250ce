"""The sections of a person's data export, one function per kind of data (imports stay inside them)."""

from django.urls import NoReverseMatch
from django.utils.text import slugify


def profile(*, user) -> dict:
    from lms.records.models import ActorAccount

    account = ActorAccount.objects.filter(user=user).first()
    target = getattr(getattr(user, "learner_profile", None), "target_framework", None)
    return {
        "email": user.email,
        "prenom": user.first_name,
        "nom": user.last_name,
        "structure": user.structure,
        "region": user.region,
        "departement": user.departement,
        "langue": user.preferred_language,
        "inscrit_le": user.date_joined,
        "derniere_connexion": user.last_login,
        "titre_vise": target.code if target else "",
        "compte_xapi": str(account.name) if account else "",
    }


def memberships(*, user) -> list[dict]:
    return [
        {"organisme": m.organisation.name, "role": str(m.get_role_display()), "depuis": m.created_at}
        for m in user.memberships.select_related("organisation").order_by("created_at")
    ]


def enrolments(*, user) -> list[dict]:
    from lms.learning.models import Enrolment

    rows = Enrolment.objects.filter(user=user).select_related("course", "cohort").order_by("enrolled_at")
    return [
        {
            "formation": e.course.title,
            "session_de_formation": e.cohort.name if e.cohort else "",
            "origine": str(e.get_source_display()),
            "inscrit_le": e.enrolled_at,
        }
        for e in rows
    ]


def lesson_completions(*, user) -> list[dict]:
    from lms.learning.models import LessonCompletion

    rows = LessonCompletion.objects.filter(user=user).select_related("lesson", "course").order_by("completed_at")
    return [{"lecon": r.lesson.title, "formation": r.course.title, "terminee_le": r.completed_at} for r in rows]


def course_completions(*, user) -> list[dict]:
    from lms.learning.models import CourseCompletion

    rows = CourseCompletion.objects.filter(user=user).select_related("course").order_by("completed_at")
    return [{"formation": r.course.title, "terminee_le": r.completed_at} for r in rows]


def attestations(*, user) -> list[dict]:
    from lms.learning.documents import attestation_verification_url
    from lms.learning.models import Attestation

    return [
        {
            "identifiant_public": a.public_id,
            "adresse_de_verification": attestation_verification_url(a),
            "titulaire": a.learner_name,
            "formation": a.course_title,
            "organisme": a.organisation_name,
            "heures": a.hours,
            "debut": a.started_on,
            "fin": a.completed_on,
            "competences": a.competencies,
            "delivree_le": a.issued_at,
        }
        for a in Attestation.objects.filter(user=user).order_by("issued_at")
    ]


def live_registrations(*, user) -> list[dict]:
    from lms.learning.models import LiveSessionRegistration

    rows = LiveSessionRegistration.objects.filter(user=user).select_related("session").order_by("registered_at")
    return [
        {
            "session": r.session.title,
            "debut": r.session.starts_at,
            "inscrit_le": r.registered_at,
            "present": r.attended,
            "presence_notee_le": r.attended_at,
        }
        for r in rows
    ]


def attempts(*, user, files: list) -> list[dict]:
    from assessments.models import Attempt

    rows = (
        Attempt.objects.filter(user=user)
        .select_related("assessment")
        .prefetch_related("answers__question")
        .order_by("started_at", "pk")
    )
    result = []
    for attempt in rows:
        answers = []
        for answer in attempt.answers.all():
            file_name = ""
            if answer.file:
                file_name = f"fichiers/travaux/{answer.pk}-{answer.file.name.rsplit('/', 1)[-1]}"
                files.append((file_name, answer.file))
            answers.append(
                {
                    "question": answer.question.prompt,
                    "reponse": answer.response,
                    "fichier": file_name,
                    "enregistree_le": answer.saved_at,
                    "points": answer.points,
                    "points_possibles": answer.max_points,
                    "juste": answer.correct,
                    "retour": answer.feedback,
                    "niveaux_de_la_grille": answer.rubric_levels,
                    "corrigee_le": answer.graded_at,
                }
            )
        result.append(
            {
                "evaluation": attempt.assessment.title,
                "tentative": attempt.number,
                "statut": str(attempt.get_status_display()),
                "commencee_le": attempt.started_at,
                "envoyee_le": attempt.submitted_at,
                "points": attempt.score,
                "points_possibles": attempt.max_score,
                "reussie": attempt.passed,
                "reponses": answers,
            }
        )
    return result


def competency_statuses(*, user) -> list[dict]:
    from assessments.models import CompetencyStatus

    rows = CompetencyStatus.objects.filter(user=user).select_related("competency__framework", "competency__block")
    return [
        {
            "competence": s.competency.reference,
            "intitule": s.competency.title,
            "statut": str(s.get_status_display()),
            "score": s.score,
            "mis_a_jour_le": s.updated_at,
        }
        for s in rows.order_by("competency__framework__code", "competency__code")
    ]


def statements(*, user) -> list[dict]:
    from lms.records.selectors import statements_export_raw

    return list(statements_export_raw(user=user))


def badges(*, user) -> list[dict]:
    from lms.badges.models import Assertion

    rows = Assertion.objects.filter(recipient=user).select_related("badge_class", "issuer").order_by("created_at")
    result = []
    for assertion in rows:
        try:
            url = assertion.public_url
        except NoReverseMatch:  # badges URLs not mounted: the export must still complete
            url = ""
        result.append(
            {
                "badge": assertion.badge_class.name,
                "emetteur": assertion.issuer.name,
                "etat": str(assertion.get_status_display()),
                "delivre_le": assertion.issued_on,
                "expire_le": assertion.expires_on,
                "revoque_le": assertion.revoked_at,
                "adresse_publique": url,
                "preuves": assertion.evidence,
            }
        )
    return result


def portfolio(*, portfolio, files: list) -> dict:
    from ..models import ExportStatus
    from ..selectors import jury_feedback_for_learner

    base = f"fichiers/portfolio-{slugify(portfolio.framework.code)}"
    evidence = []
    for item in portfolio.evidence_items.order_by("collected_at", "pk"):
        entry = {
            "origine": str(item.get_source_type_display()),
            "ajoutee_le": item.collected_at,
            "instantane": item.snapshot,
        }
        if item.file:
            entry["fichier"] = f"{base}/preuves/{item.pk}-{item.file_name}"
            entry["accord_des_personnes_photographiees_le"] = item.people_consent_at
            files.append((entry["fichier"], item.file))
        evidence.append(entry)
    examples = [
        {
            "activite_type": example.block.code,
            "intitule": example.title,
            "taches_et_conditions": example.tasks,
            "moyens_et_outils": example.means,
            "personnes_avec_qui": example.collaborators,
            "structure": example.context_structure,
            "service": example.context_service,
            "periode": example.context_period,
            "informations_complementaires": example.extra,
            "competences": [
                competency.reference for competency in example.competencies.select_related("framework", "block")
            ],
            "modifie_le": example.updated_at,
        }
        for example in portfolio.examples.select_related("block").order_by("pk")
    ]
    exports = []
    for export in portfolio.exports.filter(status=ExportStatus.DONE).order_by("created_at"):
        name = f"{base}/pdf/{export.public_id}.pdf"
        files.append((name, export.file))
        exports.append({"fichier": name, "sha256": export.sha256, "genere_le": export.finished_at})
    feedback = [
        {
            "membre_du_jury": share_feedback.share.jury_member.get_full_name(),
            "appreciation_generale": share_feedback.share.overall_notes,
            "avis": {opinion.competency.reference: opinion.value for opinion in share_feedback.opinions.values()},
            "commentaires": [
                comment.body
                for comments in [
                    *share_feedback.competency_comments.values(),
                    *share_feedback.example_comments.values(),
                ]
                for comment in comments
            ],
        }
        for share_feedback in jury_feedback_for_learner(portfolio=portfolio)
    ]
    return {
        "titre_vise": portfolio.framework.code,
        "cree_le": portfolio.created_at,
        "declaration_sur_l_honneur": {
            "texte": portfolio.honour_statement_text,
            "signee_le": portfolio.honour_statement_at,
        },
        "exemples_de_pratique": examples,
        "preuves": evidence,
        "partages": [
            {
                "membre_du_jury": s.jury_member.get_full_name(),
                "partage_le": s.created_at,
                "expire_le": s.expires_at,
                "revoque_le": s.revoked_at,
            }
            for s in portfolio.shares.select_related("jury_member").order_by("created_at")
        ],
        "avis_du_jury_communiques": feedback,
        "pdf": exports,
    }
