"""Each question type: config validation, parsing (refusals), scoring edge cases, no solution before submission."""

import copy
import json
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from assessments.errors import AnswerError
from assessments.models import Question
from assessments.question_types import REGISTRY, get_type
from assessments.question_types.short_answer import normalise

from .factories import CONFIGS, RIGHT_ANSWERS


def question(kind: str, config: dict | None = None, points: int = 1, pk: int = 7) -> Question:
    return Question(pk=pk, kind=kind, config=copy.deepcopy(config or CONFIGS[kind]), points=points, prompt="?")


def refused(kind: str, raw, config=None) -> AnswerError:
    with pytest.raises(AnswerError) as caught:
        get_type(kind).parse_answer(question(kind, config), raw)
    return caught.value


def score(kind: str, raw, config=None, points: int = 1):
    q = question(kind, config, points)
    return get_type(kind).score(q, get_type(kind).parse_answer(q, raw))


class TestRegistry:
    def test_every_type_is_one_module_with_its_key(self):
        assert set(REGISTRY) == {
            "single_choice", "multiple_choice", "true_false", "short_answer", "numeric",
            "ordering", "matching", "open_response", "file_assignment",
        }  # fmt: skip
        for key, question_type in REGISTRY.items():
            assert question_type.key == key
            assert question_type.__class__.__module__ == f"assessments.question_types.{key}"

    @pytest.mark.parametrize("kind", list(CONFIGS))
    def test_example_configs_are_valid(self, kind):
        question_type = get_type(kind)
        question_type.validate_config(question_type.prepare_config(copy.deepcopy(question_type.config_example)))
        question_type.validate_config(copy.deepcopy(CONFIGS[kind]))

    @pytest.mark.parametrize("kind", list(CONFIGS))
    def test_unanswered_scores_zero(self, kind):
        result = get_type(kind).score(question(kind), None)
        assert result.points == Decimal("0.00")
        assert result.correct is False and result.needs_grading is False


class TestNoSolutionBeforeSubmission:
    @pytest.mark.parametrize("kind", list(CONFIGS))
    def test_public_payload_hides_correctness_feedback_and_order(self, kind):
        payload = json.dumps(get_type(kind).public_payload(question(kind), shuffle_seed=3), ensure_ascii=False)
        assert '"correct"' not in payload
        assert "FEEDBACK" not in payload
        assert "EXPLANATION" not in payload
        assert '"answer"' not in payload and '"accepted"' not in payload and "right_id" not in payload

    def test_ordering_is_never_shown_in_the_right_order(self):
        for seed in range(50):
            items = get_type("ordering").public_payload(question("ordering"), shuffle_seed=seed)["items"]
            assert [item["id"] for item in items] != ["o1", "o2", "o3", "o4"]

    def test_matching_options_never_line_up_with_their_prompts(self):
        for seed in range(50):
            options = get_type("matching").public_payload(question("matching"), shuffle_seed=seed)["options"]
            assert [option["id"] for option in options][:3] != ["r1", "r2", "r3"] or len(options) > 3
            assert [option["id"] for option in options] != ["r1", "r2", "r3", "r9"]

    def test_generated_ids_do_not_follow_the_authors_order(self):
        config = get_type("ordering").prepare_config({"items": ["Un", "Deux", "Trois"]})
        ids = [item["id"] for item in config["items"]]
        assert len(set(ids)) == 3 and all(len(i) == 8 for i in ids)
        assert ids != sorted(ids) or ids != ["1", "2", "3"]

    def test_choice_shuffle_is_stable_for_a_seed_and_off_without_one(self):
        q = question("single_choice")
        first = get_type("single_choice").public_payload(q, shuffle_seed=11)
        assert first == get_type("single_choice").public_payload(q, shuffle_seed=11)
        unshuffled = get_type("single_choice").public_payload(q, shuffle_seed=None)
        assert [c["id"] for c in unshuffled["choices"]] == ["sa", "sb", "sc"]


class TestSingleChoice:
    def test_right_and_wrong(self):
        assert score("single_choice", "sa").points == Decimal("1")
        wrong = score("single_choice", "sb")
        assert wrong.points == 0 and wrong.correct is False and wrong.feedback == "FEEDBACK-SC-WRONG"

    def test_refuses_a_list_and_a_foreign_choice(self):
        assert refused("single_choice", ["sa"]).code == "wrong_type"
        error = refused("single_choice", "zz")
        assert error.code == "unknown_choice"
        assert error.message == "Cette réponse ne fait pas partie des propositions de la question."

    def test_config_needs_exactly_one_right_choice(self):
        config = copy.deepcopy(CONFIGS["single_choice"])
        config["choices"][1]["correct"] = True
        with pytest.raises(ValidationError, match="exactement une bonne réponse"):
            get_type("single_choice").validate_config(config)


class TestMultipleChoice:
    @pytest.mark.parametrize(
        ("ticked", "points"),
        [
            (["ma", "mb", "mc"], "1.00"),
            (["ma"], "0.33"),  # 1/3 rounded down
            (["ma", "mb"], "0.67"),  # 2/3 rounded half up
            (["ma", "mb", "md"], "0.33"),  # (2 − 1) / 3
            (["ma", "md"], "0.00"),  # (1 − 1) / 3
            (["md"], "0.00"),  # never below zero
            (["ma", "mb", "mc", "md"], "0.67"),
        ],
    )
    def test_partial_credit_is_right_minus_wrong(self, ticked, points):
        assert score("multiple_choice", ticked).points == Decimal(points)

    def test_partial_credit_scales_with_points(self):
        assert score("multiple_choice", ["ma"], points=3).points == Decimal("1.00")

    def test_all_or_nothing(self):
        config = {**copy.deepcopy(CONFIGS["multiple_choice"]), "scoring": "all_or_nothing"}
        assert score("multiple_choice", ["mc", "ma", "mb"], config).points == 1
        assert score("multiple_choice", ["ma", "mb"], config).points == 0
        assert score("multiple_choice", ["ma", "mb", "mc", "md"], config).points == 0

    def test_refusals(self):
        assert refused("multiple_choice", "ma").code == "wrong_type"
        assert refused("multiple_choice", ["ma", "ma"]).code == "duplicate_choice"
        assert refused("multiple_choice", ["ma", "x"]).code == "unknown_choice"


class TestTrueFalse:
    def test_scoring_and_feedback(self):
        right = score("true_false", False)
        assert right.points == 1 and right.feedback == "FEEDBACK-TF-FALSE"
        assert score("true_false", True).points == 0

    @pytest.mark.parametrize("raw", ["false", 0, 1, [False]])
    def test_only_booleans(self, raw):
        assert refused("true_false", raw).code == "wrong_type"


class TestShortAnswer:
    @pytest.mark.parametrize(
        "raw",
        [
            "Facile à lire et à comprendre",
            "  facile a lire et a comprendre  ",
            "FACILE À LIRE  ET À COMPRENDRE",
            "falc",
            "ＦＡＬＣ",
        ],
    )
    def test_ignores_case_accents_and_spaces(self, raw):
        assert score("short_answer", raw).correct is True

    def test_other_text_is_wrong(self):
        assert score("short_answer", "facile à lire").correct is False

    def test_normalise(self):
        assert normalise("  Éléphant\tÇA  va ") == "elephant ca va"

    def test_refusals(self):
        assert refused("short_answer", 12).code == "wrong_type"
        error = refused("short_answer", "x" * 201)
        assert error.message == "Votre réponse dépasse la longueur maximale (200 caractères)."


class TestNumeric:
    @pytest.mark.parametrize(
        ("raw", "correct"), [(35, True), (45, True), (40, True), (34.99, False), (45.01, False), (45.0, True)]
    )
    def test_tolerance_bounds_are_inclusive(self, raw, correct):
        assert score("numeric", raw).correct is correct

    def test_decimal_comparison_avoids_float_error(self):
        config = {"answer": 0.3, "tolerance": 0}
        assert score("numeric", 0.1 + 0.2, config).correct is False  # 0.30000000000000004 is not 0.3
        assert score("numeric", 0.3, config).correct is True
        assert score("numeric", 0.3, {"answer": 0.1, "tolerance": 0.2}).correct is True

    @pytest.mark.parametrize("raw", ["40", True, [40], {"value": 40}])
    def test_refuses_what_is_not_a_json_number(self, raw):
        assert refused("numeric", raw).code == "wrong_type"

    def test_refuses_huge_numbers(self):
        assert refused("numeric", 1e13).code == "number_out_of_range"

    def test_form_accepts_a_decimal_comma(self):
        from django.http import QueryDict

        q = question("numeric")
        assert get_type("numeric").parse_form(q, QueryDict("q-7=12,5"), "q-7") == 12.5
        assert get_type("numeric").parse_form(q, QueryDict("q-7=40"), "q-7") == 40
        with pytest.raises(AnswerError, match="Saisissez un nombre"):
            get_type("numeric").parse_form(q, QueryDict("q-7=quarante"), "q-7")

    def test_empty_unit_is_valid(self):
        get_type("numeric").validate_config({"answer": 2005, "tolerance": 0, "unit": ""})


class TestOrdering:
    def test_partial_credit_counts_items_in_place(self):
        assert score("ordering", {"o1": 1, "o2": 2, "o3": 3, "o4": 4}).points == 1
        assert score("ordering", {"o1": 1, "o2": 2, "o3": 4, "o4": 3}).points == Decimal("0.50")
        assert score("ordering", {"o1": 2, "o2": 1}).points == Decimal("0.00")
        assert score("ordering", {"o1": 1}).points == Decimal("0.25")

    def test_all_or_nothing(self):
        config = {**copy.deepcopy(CONFIGS["ordering"]), "scoring": "all_or_nothing"}
        assert score("ordering", {"o1": 1, "o2": 2, "o3": 4, "o4": 3}, config).points == 0

    def test_refusals(self):
        assert refused("ordering", ["o1", "o2"]).code == "wrong_type"
        assert refused("ordering", {"o1": "1"}).code == "wrong_type"
        assert refused("ordering", {"zz": 1}).code == "unknown_choice"
        assert refused("ordering", {"o1": 5}).message == "Choisissez une position entre 1 et 4."
        assert refused("ordering", {"o1": 1, "o2": 1}).code == "duplicate_position"


class TestMatching:
    def test_partial_credit_counts_right_pairs(self):
        assert score("matching", RIGHT_ANSWERS["matching"]).points == 1
        assert score("matching", {"l1": "r1", "l2": "r9", "l3": "r2"}).points == Decimal("0.33")
        assert score("matching", {"l1": "r1", "l2": "r2"}).points == Decimal("0.67")

    def test_refusals(self):
        assert refused("matching", [["l1", "r1"]]).code == "wrong_type"
        assert refused("matching", {"l1": "l2"}).code == "unknown_choice"
        assert refused("matching", {"lx": "r1"}).code == "unknown_choice"

    def test_config_refuses_duplicate_right_texts(self):
        config = copy.deepcopy(CONFIGS["matching"])
        config["pairs"][1]["right"] = config["pairs"][0]["right"]
        with pytest.raises(ValidationError, match="même texte"):
            get_type("matching").validate_config(config)


class TestOpenResponse:
    def test_needs_a_person(self):
        result = score("open_response", "Ma réponse")
        assert result.needs_grading is True and result.points is None and result.max_points == 1

    def test_length_limit_counts_line_breaks_once(self):
        assert get_type("open_response").parse_answer(question("open_response"), "a\r\n" * 166 + "ab") is not None
        assert refused("open_response", "x" * 501).code == "too_long"

    def test_grade_points_scale_the_rubric_to_the_question_points(self):
        q = question("open_response", points=3)
        assert get_type("open_response").grade_points(q, [1, 2]) == Decimal("2.25")  # 3 × 6 / 8
        assert get_type("open_response").grade_points(q, [2, 2]) == Decimal("3.00")

    def test_rubric_validation(self):
        config = copy.deepcopy(CONFIGS["open_response"])
        config["rubric"]["criteria"][0]["levels"] = [{"label": "Seul", "points": 1}]
        with pytest.raises(ValidationError, match="entre 2 et 6 niveaux"):
            get_type("open_response").validate_config(config)


class TestFileAssignment:
    def test_json_answers_are_refused(self):
        error = refused("file_assignment", {"filename": "plan.pdf"})
        assert error.message == "Pour cette question, déposez un fichier avec le formulaire."

    def test_upload_must_be_an_accepted_format(self):
        from django.core.files.uploadedfile import SimpleUploadedFile

        png = SimpleUploadedFile("plan.png", _png_bytes(), content_type="image/png")
        with pytest.raises(AnswerError) as caught:
            get_type("file_assignment").parse_upload(question("file_assignment"), png)
        assert caught.value.message == "Ce format n'est pas accepté pour ce devoir. Formats acceptés : PDF, ODT, DOCX."

    def test_upload_content_is_checked(self):
        from django.core.files.uploadedfile import SimpleUploadedFile

        fake = SimpleUploadedFile("plan.pdf", b"<html><script>alert(1)</script></html>", content_type="application/pdf")
        with pytest.raises(AnswerError) as caught:
            get_type("file_assignment").parse_upload(question("file_assignment"), fake)
        assert caught.value.code == "file_refused"
        assert caught.value.message.startswith("Fichier refusé : ") and "SVG" in caught.value.message

    def test_pdf_is_accepted(self):
        from django.core.files.uploadedfile import SimpleUploadedFile

        pdf = SimpleUploadedFile("Mon plan d'atelier.pdf", PDF_BYTES, content_type="application/pdf")
        info = get_type("file_assignment").parse_upload(question("file_assignment"), pdf)
        assert (info.extension, info.filename) == ("pdf", "Mon_plan_d_atelier.pdf")


PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _png_bytes() -> bytes:
    from io import BytesIO

    from PIL import Image

    buffer = BytesIO()
    Image.new("RGB", (4, 4), "white").save(buffer, format="PNG")
    return buffer.getvalue()


def test_a_choice_type_missing_part_of_the_interface_cannot_be_created():
    from assessments.question_types.choices import ChoiceQuestionType

    class Incomplete(ChoiceQuestionType):
        key = "incomplete"
        label = "Incomplet"
        input_template = "assessments/question_types/single_choice.html"

        def parse_answer(self, question, raw):
            return raw

        def score(self, question, answer):
            return None

    with pytest.raises(TypeError, match="selected_ids|validate_correct_count"):
        Incomplete()
