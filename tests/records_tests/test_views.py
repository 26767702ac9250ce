import csv
import io
import json

import pytest
from django.urls import reverse

from lms.records.models import Statement
from tests.accounts_tests.factories import UserFactory
from tests.courses_tests.factories import make_framework

pytestmark = pytest.mark.django_db

URLS = ("records:list", "records:export_json", "records:export_csv")


@pytest.fixture
def history(record, learner):
    """Three statements for the learner and one for someone else."""
    framework = make_framework()
    record(verb="registered", object_type="course", object_name="Accueillir", object_url="http://testserver/f/")
    record(competencies=[framework["CP3"]])
    record(
        verb="passed",
        object_type="assessment",
        object_name='=HYPERLINK("http://evil")',
        object_url="http://testserver/f/quiz/",
        result={
            "score_scaled": 0.8,
            "score_raw": 16,
            "score_min": 0,
            "score_max": 20,
            "success": True,
            "completion": True,
            "duration_seconds": 1085,
        },
        competencies=[framework["CP1"], framework["CP3"]],
    )
    record(user=UserFactory(), object_name="Activité d'une autre personne")
    return learner


class TestAccess:
    @pytest.mark.parametrize("name", URLS)
    def test_anonymous_is_sent_to_login(self, client, name):
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert response["Location"] == f"{reverse('accounts:login')}?next={reverse(name)}"

    @pytest.mark.parametrize("name", URLS)
    def test_only_get(self, client, learner, name):
        client.force_login(learner)
        assert client.post(reverse(name)).status_code == 405


class TestStatementList:
    def test_lists_own_records_with_french_labels(self, client, history):
        client.force_login(history)
        response = client.get(reverse("records:list"))
        html = response.content.decode()
        assert response.status_code == 200
        assert "<caption>" in html and '<th scope="col">' in html
        assert "3 traces, de la plus récente à la plus ancienne" in " ".join(html.split())
        assert "a réussi" in html and "s&#x27;est inscrit·e à" in html and "a terminé" in html
        assert "80 %" in html
        assert "réussi</td>" in html
        assert "évaluation" in html
        assert "autre personne" not in html
        assert html.index("a réussi") < html.index("a terminé")  # newest first

    def test_empty_history(self, client, learner):
        client.force_login(learner)
        html = client.get(reverse("records:list")).content.decode()
        assert "Aucune trace pour le moment" in html

    def test_paginated(self, client, record, learner):
        for number in range(25):
            record(object_name=f"Leçon {number:02d}")
        client.force_login(learner)
        first = client.get(reverse("records:list")).content.decode()
        second = client.get(reverse("records:list"), {"page": 2}).content.decode()
        assert "Leçon 24" in first and "Leçon 05" in first and "Leçon 04" not in first
        assert "Leçon 04" in second and "Leçon 00" in second and "Leçon 05" not in second
        assert "Page 2 sur 2" in second

    @pytest.mark.parametrize("count", [5, 50])
    def test_query_count_does_not_grow(self, client, record, learner, count, django_assert_num_queries):
        for _ in range(count):
            record()
        client.force_login(learner)
        # session, user, count, page of statements (the userbar is decided at login, lms/accounts/receivers.py)
        with django_assert_num_queries(4):
            response = client.get(reverse("records:list"))
        assert response.status_code == 200
        assert response.context["page_obj"].paginator.count == count


class TestExportJson:
    def test_own_statements_as_an_xapi_array(self, client, history):
        client.force_login(history)
        response = client.get(reverse("records:export_json"))
        assert response.status_code == 200
        assert response["Content-Type"] == "application/json; charset=utf-8"
        assert response["Content-Disposition"].startswith('attachment; filename="traces-apprentissage-')
        statements = json.loads(response.content)
        assert [s["verb"]["id"].rsplit("/", 1)[1] for s in statements] == ["registered", "completed", "passed"]
        assert {s["id"] for s in statements} == {
            str(pk) for pk in Statement.objects.filter(user=history).values_list("pk", flat=True)
        }
        assert all(s["version"] == "1.0.3" and "account" in s["actor"] for s in statements)
        assert statements[2]["result"]["score"]["scaled"] == 0.8

    def test_no_statements_is_an_empty_array(self, client, learner):
        client.force_login(learner)
        assert json.loads(client.get(reverse("records:export_json")).content) == []


class TestExportCsv:
    def _rows(self, response):
        content = response.content.decode("utf-8")
        assert content.startswith("\ufeff")
        return list(csv.reader(io.StringIO(content[1:]), delimiter=";"))

    def test_header_and_own_rows(self, client, history):
        client.force_login(history)
        response = client.get(reverse("records:export_csv"))
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        assert response["Content-Disposition"].endswith('.csv"')
        header, *rows = self._rows(response)
        assert header == [
            "date",
            "verbe",
            "activité",
            "type",
            "score",
            "réussite",
            "achèvement",
            "durée",
            "compétences",
        ]
        assert len(rows) == 3
        assert rows[0][1:4] == ["s'est inscrit·e à", "Accueillir", "formation"]
        assert rows[1][8] == "REMN-2019/CCP1/CP3"
        assert rows[2][1:] == [
            "a réussi",
            '\'=HYPERLINK("http://evil")',  # neutralised: spreadsheets would run it as a formula
            "évaluation",
            "80 %",
            "oui",
            "oui",
            "0:18:05",
            "REMN-2019/CCP1/CP1, REMN-2019/CCP1/CP3",
        ]
        assert all("autre personne" not in cell for row in rows for cell in row)

    def test_no_statements_is_just_the_header(self, client, learner):
        client.force_login(learner)
        assert len(self._rows(client.get(reverse("records:export_csv")))) == 1
