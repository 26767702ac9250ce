import pytest
from django.contrib.auth.tokens import default_token_generator
from django.core import mail

from lms.accounts.models import User
from lms.learning.models import Enrolment, EnrolmentSource
from lms.learning.services import cohort_import as importer
from lms.learning.services import cohort_import_apply, cohort_import_decode, cohort_import_plan
from lms.learning.services.cohort_import import ImportFileError, ImportRefused
from lms.records.models import Statement
from tests.accounts_tests.factories import UserFactory

from .factories import enrol, make_cohort

pytestmark = pytest.mark.django_db

MIXED = (
    "email;nom;structure;département\n"
    "alice@exemple.fr;Alice Durand;Centre social;59\n"
    "pas-une-adresse;Bob Martin;;13\n"
    ";Sans Adresse;;\n"
    "carla@exemple.fr;;;75\n"
    "dan@exemple.fr;Dan Petit;;99\n"
    "ALICE@exemple.fr;Alice Bis;;\n"
    "deja@exemple.fr;Déjà Là;;2a\n"
)

GOOD = (
    "email,first_name,last_name,structure,departement\n"
    "alice@exemple.fr,Alice,Durand,Centre social,59\n"
    "eve@exemple.fr,Ève,Laurent,,1\n"
    "deja@exemple.fr,Déjà,Là,,\n"
)


@pytest.fixture
def cohort(course):
    return make_cohort(course)


@pytest.fixture
def existing(db):
    return UserFactory(email="deja@exemple.fr", first_name="Déjà", last_name="Inscrite", structure="Mairie")


def _messages(report):
    return [(line.number, line.message) for line in report.lines]


class TestDecode:
    def test_utf8_with_bom_and_cp1252(self):
        assert cohort_import_decode(data="\ufeffemail;nom\n".encode()) == "email;nom\n"
        assert cohort_import_decode(data="email;nom\na@b.fr;Hélène\n".encode("cp1252")) == "email;nom\na@b.fr;Hélène\n"

    @pytest.mark.parametrize(
        ("data", "message"),
        [
            (b"x" * (1024 * 1024 + 1), "Le fichier dépasse 1 Mio : découpez-le en plusieurs fichiers."),
            (b"  \n", "Le fichier est vide."),
            (b"email;nom\n\x81\x8d", "Encodage du fichier non reconnu : enregistrez-le en CSV UTF-8."),
        ],
    )
    def test_refusals(self, data, message):
        with pytest.raises(ImportFileError) as refusal:
            cohort_import_decode(data=data)
        assert refusal.value.message == message


class TestPlan:
    def test_reports_every_line_with_its_outcome_or_error(self, cohort, existing):
        report = cohort_import_plan(cohort=cohort, text=MIXED)
        assert _messages(report) == [
            (2, "nouveau compte : invitation par e-mail et inscription"),
            (3, "adresse e-mail invalide : « pas-une-adresse »"),
            (4, "adresse e-mail manquante"),
            (5, "nom manquant"),
            (6, "code de département inconnu : « 99 »"),
            (7, "ligne en double : même adresse e-mail qu'à la ligne 2"),
            (8, "compte existant : inscription"),
        ]
        assert report.counts == {"invite": 1, "enrol": 1, "attach": 0, "already": 0, "error": 5}
        assert report.lines[-1].departement == "2A"
        assert not User.objects.filter(email="alice@exemple.fr").exists()

    def test_several_errors_on_one_line_are_all_listed(self, cohort):
        report = cohort_import_plan(cohort=cohort, text="email,nom,département\nx@,,12345\n")
        assert report.lines[0].message == (
            "adresse e-mail invalide : « x@ » ; nom manquant ; code de département inconnu : « 12345 »"
        )

    def test_existing_enrolments(self, site_tree, course, cohort, existing):
        other_cohort = make_cohort(course, name="Automne")
        outsider = UserFactory(email="autre@exemple.fr")
        enrol(existing, course)  # self-enrolled: attached to the cohort
        enrol(outsider, course, cohort=other_cohort)
        text = "email;nom\ndeja@exemple.fr;Déjà Là\nautre@exemple.fr;Autre Personne\n"
        report = cohort_import_plan(cohort=cohort, text=text)
        assert _messages(report) == [
            (2, "déjà inscrit à la formation : rattachement à cette session"),
            (3, "déjà inscrit à une autre session de cette formation : « Automne »"),
        ]

    @pytest.mark.parametrize(
        ("text", "message"),
        [
            ("nom;structure\nAlice;Mairie\n", "Colonne manquante : email."),
            ("email;prénom\na@b.fr;Alice\n", "Colonne manquante : nom (ou first_name et last_name)."),
            ("email;nom\n", "Le fichier ne contient aucune personne à inscrire."),
        ],
    )
    def test_file_refusals(self, cohort, text, message):
        with pytest.raises(ImportFileError) as refusal:
            cohort_import_plan(cohort=cohort, text=text)
        assert refusal.value.message == message

    def test_unterminated_quote_is_reported_on_its_line(self, cohort):
        report = cohort_import_plan(cohort=cohort, text='email;nom\n"a@b.fr;Alice\nb@c.fr;Bob\n')
        assert _messages(report) == [(2, "adresse e-mail invalide : « a@b.fr;Alice b@c.fr;Bob » ; nom manquant")]

    def test_line_count_is_guarded(self, cohort):
        rows = "".join(f"p{n}@exemple.fr,Personne {n}\n" for n in range(5001))
        with pytest.raises(ImportFileError) as refusal:
            cohort_import_plan(cohort=cohort, text="email,nom\n" + rows)
        assert refusal.value.message == "Le fichier compte plus de 5 000 lignes : découpez-le en plusieurs fichiers."


class TestApply:
    def test_refused_when_any_line_has_an_error(self, cohort, existing, django_capture_on_commit_callbacks):
        counts = (User.objects.count(), Enrolment.objects.count())
        with django_capture_on_commit_callbacks(execute=True), pytest.raises(ImportRefused) as refusal:
            cohort_import_apply(cohort=cohort, text=MIXED)
        assert len(refusal.value.report.errors) == 5
        assert (User.objects.count(), Enrolment.objects.count()) == counts
        assert mail.outbox == []

    def test_imports_invites_and_confirms(self, cohort, existing, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True):
            report = cohort_import_apply(cohort=cohort, text=GOOD)
        assert report.applied and report.counts["invite"] == 2 and report.counts["enrol"] == 1
        alice = User.objects.get(email="alice@exemple.fr")
        assert alice.is_invited and not alice.has_usable_password()
        assert (alice.first_name, alice.last_name, alice.structure, alice.departement) == (
            "Alice",
            "Durand",
            "Centre social",
            "59",
        )
        assert User.objects.get(email="eve@exemple.fr").departement == "01"
        existing.refresh_from_db()
        assert existing.last_name == "Inscrite"  # an existing profile is left as it is
        assert set(Enrolment.objects.filter(cohort=cohort).values_list("source", flat=True)) == {EnrolmentSource.IMPORT}
        assert Statement.objects.filter(verb="registered").count() == 3
        subjects = sorted(message.subject for message in mail.outbox)
        organisation = cohort.organisation.name
        assert subjects == [
            f"{organisation} vous inscrit à une formation sur Tremplin",
            f"{organisation} vous inscrit à une formation sur Tremplin",
            "Votre inscription à « Posture professionnelle »",
        ]
        invitation = next(m for m in mail.outbox if m.to == ["alice@exemple.fr"])
        link = next(line for line in invitation.body.splitlines() if "/compte/mot-de-passe/" in line)
        uid, token = link.rstrip("/").split("/")[-2:]
        assert default_token_generator.check_token(alice, token)

    def test_reimporting_the_same_file_changes_nothing(self, cohort, existing, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True):
            cohort_import_apply(cohort=cohort, text=GOOD)
        counts = (User.objects.count(), Enrolment.objects.count(), Statement.objects.count(), len(mail.outbox))
        with django_capture_on_commit_callbacks(execute=True):
            report = cohort_import_apply(cohort=cohort, text=GOOD)
        assert [line.message for line in report.lines] == ["déjà inscrit"] * 3
        assert (User.objects.count(), Enrolment.objects.count(), Statement.objects.count(), len(mail.outbox)) == counts

    def test_all_or_nothing_when_a_write_fails_midway(
        self, cohort, existing, monkeypatch, django_capture_on_commit_callbacks
    ):
        calls = []
        real_enrolment_create = importer.enrolment_create

        def failing_on_third(**kwargs):
            calls.append(kwargs["user"].email)
            if len(calls) == 3:
                raise RuntimeError("disk full")
            return real_enrolment_create(**kwargs)

        monkeypatch.setattr(importer, "enrolment_create", failing_on_third)
        counts = (User.objects.count(), Enrolment.objects.count(), Statement.objects.count())
        with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
            cohort_import_apply(cohort=cohort, text=GOOD)
        assert len(calls) == 3
        assert (User.objects.count(), Enrolment.objects.count(), Statement.objects.count()) == counts
        assert mail.outbox == []
