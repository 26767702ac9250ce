import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lms.portfolio.models import EvidenceCompetency, EvidenceItem, EvidenceSource
from lms.portfolio.services import portfolio_collect_evidence, portfolio_create, portfolios_collect_for_user

from .factories import (
    attend_session,
    complete_course,
    grade_assignment,
    issue_badge,
    make_course_for,
    pass_assessment,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(site, learner, titles):
    """A learner with one record of each kind the portfolio collects, aligned to REMN-2019 competencies."""
    remn = titles["REMN"]
    course = make_course_for(site, competencies=[remn["CP3"]])
    return {
        "course": course,
        "completion": complete_course(learner, course),
        "attempt": pass_assessment(learner, course, competency=remn["CP1"]),
        "answer": grade_assignment(learner, course, competency=remn["CP3"]),
        "registration": attend_session(learner, course.organisation, course=course),
        "assertion": issue_badge(learner, course.organisation, competencies=[remn["CP1"]]),
    }


class TestCollect:
    def test_every_kind_of_record_becomes_one_evidence_item(self, portfolio, records):
        created = portfolio_collect_evidence(portfolio=portfolio)

        # The graded assignment's attempt passed too: it is an assessment result of its own.
        assert created == 6
        items = {
            item.source_type: item
            for item in EvidenceItem.objects.filter(portfolio=portfolio).exclude(
                source_type=EvidenceSource.ASSESSMENT, source_id=str(records["answer"].attempt_id)
            )
        }
        assert set(items) == {
            EvidenceSource.COURSE_COMPLETION,
            EvidenceSource.ASSESSMENT,
            EvidenceSource.ASSIGNMENT,
            EvidenceSource.LIVE_SESSION,
            EvidenceSource.BADGE,
        }
        completion = items[EvidenceSource.COURSE_COMPLETION].snapshot
        assert completion["title"] == "Accueillir les publics"
        assert completion["hours"] == "14"
        assert completion["organisation"] == records["course"].organisation.name
        assert completion["verification_url"] == (
            f"http://testserver/attestations/{records['completion'].attestation.public_id}/"
        )
        assessment = items[EvidenceSource.ASSESSMENT].snapshot
        assert assessment["score"] == {"percent": 85, "raw": "85", "max": "100"}
        assert assessment["competencies"][0]["reference"] == "REMN-2019/CCP1/CP1"
        assert assessment["competencies"][0]["score_percent"] == 85
        assignment = items[EvidenceSource.ASSIGNMENT].snapshot
        assert assignment["feedback"] == "Déroulé clair, bonne prise en compte des publics."
        assert assignment["rubric"] == [
            {"criterion": "Déroulé de l'atelier", "level": "Satisfaisant", "points": "2"},
            {"criterion": "Adaptation au public", "level": "Satisfaisant", "points": "2"},
        ]
        session = items[EvidenceSource.LIVE_SESSION].snapshot
        assert session["hours"] == "1.5"
        assert session["title"] == "Webinaire : posture professionnelle"
        badge = items[EvidenceSource.BADGE].snapshot
        assert badge["verification_url"] == f"http://testserver/badges/assertions/{records['assertion'].uuid}/"
        assert items[EvidenceSource.BADGE].evidence_type.code == "CERTIFICAT"

    def test_competency_wording_and_learner_status_are_snapshotted(self, portfolio, records, titles):
        from assessments.models import CompetencyStatus

        CompetencyStatus.objects.create(user=portfolio.user, competency=titles["REMN"]["CP3"], status="demonstrated")

        portfolio_collect_evidence(portfolio=portfolio)

        item = EvidenceItem.objects.get(portfolio=portfolio, source_type=EvidenceSource.COURSE_COMPLETION)
        assert item.snapshot["competencies"] == [
            {
                "reference": "REMN-2019/CCP1/CP3",
                "code": "CP3",
                "block": "CCP1",
                "title": "Accueillir différents publics",
                "provisional": False,
                "learner_status": "demonstrated",
                "learner_status_label": "démontré",
                "via_mapping": False,
            }
        ]
        assert list(item.competency_links.values_list("competency_id", "via_mapping")) == [
            (titles["REMN"]["CP3"].pk, False)
        ]

    def test_collecting_again_adds_nothing_and_changes_nothing(self, portfolio, records):
        portfolio_collect_evidence(portfolio=portfolio)
        before = list(EvidenceItem.objects.order_by("pk").values("pk", "snapshot", "collected_at"))

        assert portfolio_collect_evidence(portfolio=portfolio) == 0

        assert list(EvidenceItem.objects.order_by("pk").values("pk", "snapshot", "collected_at")) == before
        assert EvidenceCompetency.objects.count() == 5

    def test_a_new_record_is_added_on_the_next_run(self, portfolio, records, site, titles):
        portfolio_collect_evidence(portfolio=portfolio)
        other = make_course_for(
            site, title="Posture professionnelle", slug="posture", competencies=[titles["REMN"]["CP1"]]
        )
        complete_course(portfolio.user, other)

        assert portfolio_collect_evidence(portfolio=portfolio) == 1
        assert EvidenceItem.objects.filter(portfolio=portfolio).count() == 7

    def test_collect_for_user_covers_every_portfolio(self, portfolio, records, titles):
        portfolio_create(user=portfolio.user, framework=titles["MN"]["framework"])

        assert portfolios_collect_for_user(user_id=portfolio.user_id) == 12

    def test_other_learners_records_are_not_collected(self, portfolio, records, other_learner, titles):
        from lms.portfolio.services import portfolio_create as create

        other = create(user=other_learner, framework=titles["REMN"]["framework"])

        assert portfolio_collect_evidence(portfolio=other) == 0
        assert not EvidenceItem.objects.filter(portfolio=other).exists()

    def test_queries_do_not_grow_with_the_number_of_records(self, portfolio, records, site, titles):
        with CaptureQueriesContext(connection) as small:
            portfolio_collect_evidence(portfolio=portfolio)
        EvidenceItem.objects.all().delete()
        for number in range(4):
            course = make_course_for(
                site, slug=f"extra-{number}", title=f"Module {number}", competencies=[titles["REMN"]["CP1"]]
            )
            complete_course(portfolio.user, course)

        with CaptureQueriesContext(connection) as large:
            created = portfolio_collect_evidence(portfolio=portfolio)

        assert created == 10
        # Reading the records costs the same; each new item costs its own insert (+ savepoint and links).
        read = [q for q in large.captured_queries if q["sql"].lstrip().upper().startswith("SELECT")]
        read_small = [q for q in small.captured_queries if q["sql"].lstrip().upper().startswith("SELECT")]
        assert len(read) == len(read_small)


class TestSnapshot:
    def test_renaming_the_course_after_collection_keeps_the_old_title(self, portfolio, records, client):
        portfolio_collect_evidence(portfolio=portfolio)
        course = records["course"]
        course.title = "Accueil et information des publics (nouvelle version)"
        course.save_revision().publish()

        portfolio_collect_evidence(portfolio=portfolio)
        client.force_login(portfolio.user)
        page = client.get(portfolio.get_absolute_url()).content.decode()

        item = EvidenceItem.objects.get(portfolio=portfolio, source_type=EvidenceSource.COURSE_COMPLETION)
        assert item.snapshot["title"] == "Accueillir les publics"
        assert "Accueillir les publics" in page
        assert "nouvelle version" not in page

    def test_rewording_a_competency_keeps_the_snapshot_wording(self, portfolio, records, titles):
        portfolio_collect_evidence(portfolio=portfolio)
        competency = titles["REMN"]["CP3"]
        competency.title = "Nouvelle formulation"
        competency.save()

        item = EvidenceItem.objects.get(portfolio=portfolio, source_type=EvidenceSource.COURSE_COMPLETION)
        assert item.snapshot["competencies"][0]["title"] == "Accueillir différents publics"


class TestCrosswalk:
    def test_remn_evidence_reaches_an_mn_portfolio_through_the_crosswalk(self, learner, records, titles):
        portfolio = portfolio_create(user=learner, framework=titles["MN"]["framework"])

        portfolio_collect_evidence(portfolio=portfolio)

        item = EvidenceItem.objects.get(portfolio=portfolio, source_type=EvidenceSource.COURSE_COMPLETION)
        mn = titles["MN"]
        links = {link.competency_id: link for link in item.competency_links.all()}
        assert set(links) == {mn["CP1"].pk, mn["CP2"].pk}
        assert all(link.via_mapping and link.mapping_status == "proposed" for link in links.values())
        assert {link.source_reference for link in links.values()} == {"REMN-2019/CCP1/CP3"}
        entry = item.snapshot["competencies"][0]
        assert entry["via_mapping"] is True
        assert entry["source_reference"] == "REMN-2019/CCP1/CP3"
        assert entry["reference"] == "MN-2025/CCP1/CP1"

    def test_crosswalk_label_is_shown_on_the_page(self, learner, records, titles, client):
        portfolio = portfolio_create(user=learner, framework=titles["MN"]["framework"])
        portfolio_collect_evidence(portfolio=portfolio)
        client.force_login(learner)

        page = client.get(portfolio.get_absolute_url()).content.decode()

        assert "via correspondance proposée" in page
        assert "via correspondance confirmée" in page  # REMN CP1 → MN CP3 is confirmed

    def test_evidence_without_a_mapping_is_kept_but_linked_to_nothing(self, learner, site, titles):
        course = make_course_for(site, competencies=[titles["REMN"]["CP5"]])
        complete_course(learner, course)
        portfolio = portfolio_create(user=learner, framework=titles["MN"]["framework"])

        portfolio_collect_evidence(portfolio=portfolio)

        item = EvidenceItem.objects.get(portfolio=portfolio)
        assert item.snapshot["competencies"] == []
        assert not item.competency_links.exists()
