"""The assessments app's part of the trust tests: a world extension and the authorisation matrix rows.

Merged by ``tests/trust_tests`` (``WORLD_EXTENSIONS.append(assessments_world)`` in ``world.py`` and
``MATRIX.update(assessments_matrix())`` at the end of ``matrix.py``).

Who may do what (from ``assessments/views``, ``selectors/access.py`` and ``admin_views.py``): a learner
starts, answers and reads her own attempts only (``_own_attempt``, services lock ``user=user``); her
organisation's trainers and managers, and site staff, grade the answers and download the files
(``GRADER_ROLES``); the organisation's authors, reviewers, trainers and managers read the statistics
and manage the organisation's question bank (``BANK_ROLES``, ``QuestionPermissionPolicy``), each
screen scoped to their organisations' questions; superusers manage every bank.
"""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _pdf(name: str = "deroule-atelier.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def assessments_world(world) -> None:
    """Add org_x's questions, two assessments on course_x, a submitted and an open attempt of learner_a."""
    from assessments.services import answer_save, answer_upload, attempt_start, attempt_submit
    from tests.assessments_tests.factories import make_assessment, make_question

    learner = world.users["learner_a"]
    competency = world.framework["CP1"]
    single = make_question(world.org_x, "single_choice", competencies=[competency])
    open_response = make_question(world.org_x, "open_response", competencies=[competency])
    assignment = make_question(world.org_x, "file_assignment", competencies=[competency])
    question_y = make_question(world.org_y, "single_choice", competencies=[world.framework["CP5"]])

    # learner_a has handed in this one: an open response and a file await trainer_x's grade.
    graded = make_assessment(
        world.course_x, questions=[single, open_response, assignment], slug="evaluation-x", shuffle_choices=False
    )
    submitted = attempt_start(user=learner, assessment=graded)
    answer_save(attempt_id=submitted.pk, user=learner, question_id=single.pk, raw="sa")
    answer_save(attempt_id=submitted.pk, user=learner, question_id=open_response.pk, raw="Je reformule la consigne.")
    file_answer = answer_upload(attempt_id=submitted.pk, user=learner, question_id=assignment.pk, uploaded_file=_pdf())
    submitted, _submitted = attempt_submit(attempt_id=submitted.pk, user=learner)

    # learner_a is still answering this one (autosave and the form without JavaScript).
    practice = make_assessment(
        world.course_x, questions=[single, assignment], slug="entrainement-x", title="Entraînement X"
    )
    in_progress = attempt_start(user=learner, assessment=practice)

    world.extra.update(
        question_x=single,
        question_open_x=open_response,
        question_file_x=assignment,
        question_y=question_y,
        assessment_x=graded,
        assessment_practice_x=practice,
        attempt_submitted_a=submitted,
        attempt_open_a=in_progress,
        answer_open_a=submitted.answers.get(question=open_response),
        answer_file_a=submitted.answers.get(pk=file_answer.pk),
    )


QUESTION_VIEWS = ("list", "list_results", "add", "edit", "delete", "history", "history_results", "usage", "copy")
CHOOSER_VIEWS = ("choose", "choose_results", "chosen", "chosen_multiple", "create")


def assessments_matrix() -> dict:
    """Return the matrix rows of every ``assessments:`` URL and of the question bank admin screens."""
    from tests.trust_tests.matrix import at, case, only, signed_in

    extra = lambda key: lambda w: w.extra[key].pk  # noqa: E731 - a one-line builder factory
    graders = only("trainer_x", "administrator")
    # Any member of an organisation's bank (author_y manages org_y's), and superusers.
    bank_members = only("author_x", "author_y", "trainer_x", "administrator")
    # org_x's question: org_x's bank members and superusers; author_y (org_y) is not one of them.
    bank_x = only("author_x", "trainer_x", "administrator")
    snippets, choosers = "wagtailsnippets_assessments_question", "wagtailsnippetchoosers_assessments_question"

    def question_row(name: str, expect) -> list:
        with_pk = name not in ("list", "list_results", "add")
        return [case(at(f"{snippets}:{name}", **({"pk": extra("question_x")} if with_pk else {})), expect)]

    return {
        # Any signed-in person may start (or resume) an attempt on a live assessment; the refusals
        # (already passed, awaiting grading) come back as a message on the page.
        "assessments:attempt_start": [
            case(at("assessments:attempt_start", page_id=extra("assessment_practice_x")), signed_in(), method="post")
        ],
        # The learner's own attempt only: anyone else's is a 404.
        "assessments:answer_autosave": [
            case(
                at("assessments:answer_autosave", attempt_id=extra("attempt_open_a")),
                only("learner_a"),
                method="post",
                data=lambda w: {"question": w.extra["question_file_x"].pk, "file": _pdf()},
                label="file upload",
            )
        ],
        "assessments:attempt_form": [
            case(
                at("assessments:attempt_form", attempt_id=extra("attempt_open_a")),
                only("learner_a"),
                method="post",
                data=lambda w: {"action": "save", f"q-{w.extra['question_x'].pk}": "sa"},
                label="save",
            )
        ],
        "assessments:attempt_results": [
            case(at("assessments:attempt_results", attempt_id=extra("attempt_submitted_a")), only("learner_a"))
        ],
        # Trainers and managers of the organisation, and site staff.
        "assessments:grading_queue": [case(at("assessments:grading_queue"), graders)],
        "assessments:answer_grade": [case(at("assessments:answer_grade", answer_id=extra("answer_open_a")), graders)],
        # The assignment: its learner, the organisation's graders, site staff.
        "assessments:answer_file": [
            case(
                at("assessments:answer_file", answer_id=extra("answer_file_a")),
                only("learner_a", "trainer_x", "administrator"),
            )
        ],
        # The organisation's bank roles (authors, trainers…) and site staff.
        "assessments:statistics": [case(at("assessments:statistics", page_id=extra("assessment_x")), bank_x)],
        # The question bank (Wagtail snippets), scoped to the person's organisations.
        **{
            f"{snippets}:{name}": question_row(
                name, bank_members if name in ("list", "list_results", "add") else bank_x
            )
            for name in QUESTION_VIEWS
        },
        f"{choosers}:choose": [case(at(f"{choosers}:choose"), bank_members)],
        f"{choosers}:choose_results": [case(at(f"{choosers}:choose_results"), bank_members)],
        f"{choosers}:create": [case(at(f"{choosers}:create"), bank_members)],
        f"{choosers}:chosen": [case(at(f"{choosers}:chosen", pk=extra("question_x")), bank_x)],
        # The same data as « chosen », several at a time: org_x's question is not author_y's to read.
        f"{choosers}:chosen_multiple": [
            case(lambda w: reverse(f"{choosers}:chosen_multiple") + f"?id={w.extra['question_x'].pk}", bank_x)
        ],
    }
