import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lms.accounts.models import User
from lms.frameworks.models import Block, Competency, CompetencyMapping
from lms.frameworks.services import frameworks_import_bundled

from .factories import CompetencyFactory

pytestmark = pytest.mark.django_db

NAMESPACES = [
    "frameworks_admin_framework",
    "frameworks_admin_block",
    "frameworks_admin_competency",
    "frameworks_admin_mapping",
    "frameworks_admin_theme",
    "frameworks_admin_evidence_type",
]


@pytest.fixture
def admin_client(client):
    client.force_login(User.objects.create_superuser(email="admin@exemple.fr", password="x"))
    return client


@pytest.fixture
def imported():
    frameworks_import_bundled()


@pytest.mark.usefixtures("imported")
class TestFrameworksAdmin:
    @pytest.mark.parametrize("namespace", NAMESPACES)
    def test_superuser_lists_and_adds(self, admin_client, namespace):
        assert admin_client.get(reverse(f"{namespace}:index")).status_code == 200
        assert admin_client.get(reverse(f"{namespace}:add")).status_code == 200

    def test_grouped_in_one_menu(self, admin_client):
        html = admin_client.get(reverse("wagtailadmin_home")).content.decode()
        assert "R\\u00e9f\\u00e9rentiels" in html or "Référentiels" in html
        for path in ("titres", "blocs", "competences", "correspondances", "themes", "types-de-preuves"):
            assert f"/admin/referentiels/{path}/" in html

    @pytest.mark.parametrize("namespace", NAMESPACES)
    def test_staff_without_permissions_is_turned_away(self, client, namespace):
        from django.contrib.auth.models import Permission

        user = User.objects.create_user(email="staff@exemple.fr", password="x", is_staff=True)
        user.user_permissions.add(Permission.objects.get(codename="access_admin"))
        client.force_login(user)
        assert client.get(reverse(f"{namespace}:index")).status_code == 302

    def test_crosswalk_filtered_by_status(self, admin_client):
        mapping = CompetencyMapping.objects.order_by("pk").first()
        mapping.status = "confirmed"
        mapping.save()
        html = admin_client.get(reverse("frameworks_admin_mapping:index"), {"status": "confirmed"}).content.decode()
        assert reverse("frameworks_admin_mapping:edit", args=[mapping.pk]) in html
        other = CompetencyMapping.objects.exclude(pk=mapping.pk).first()
        assert reverse("frameworks_admin_mapping:edit", args=[other.pk]) not in html

    def test_crosswalk_to_itself_is_refused(self, admin_client):
        competency = Competency.objects.get(framework__code="MN-2025", code="CP5")
        data = {"source": competency.pk, "target": competency.pk, "status": "proposed", "note": ""}
        response = admin_client.post(reverse("frameworks_admin_mapping:add"), data)
        assert "Une compétence ne peut pas correspondre à elle-même." in response.content.decode()
        assert CompetencyMapping.objects.count() == 6

    def test_competency_in_a_block_of_another_framework_is_refused(self, admin_client):
        remn_ccp1 = Block.objects.get(framework__code="REMN-2019", code="CCP1")
        mn = remn_ccp1.framework.superseded_by
        data = {"framework": mn.pk, "block": remn_ccp1.pk, "code": "CP6", "title": "Nouvelle", "status": "verified"}
        data["sort_order"] = 5
        response = admin_client.post(reverse("frameworks_admin_competency:add"), data)
        assert "Ce bloc appartient à un autre référentiel." in response.content.decode()
        assert not Competency.objects.filter(code="CP6", framework=mn).exists()

    def test_competency_added_in_its_framework(self, admin_client):
        block = Block.objects.get(framework__code="MN-2025", code="OTHER")
        data = {"framework": block.framework_id, "block": block.pk, "code": "CP6", "title": "Nouvelle"}
        data.update(status="unverified", sort_order=0)
        response = admin_client.post(reverse("frameworks_admin_competency:add"), data)
        assert response.status_code == 302
        assert Competency.objects.get(framework=block.framework, code="CP6").block == block


class TestFrameworksAdminQueries:
    @pytest.mark.parametrize("namespace", ["frameworks_admin_competency", "frameworks_admin_mapping"])
    def test_listing_query_count_does_not_grow(self, admin_client, namespace):
        # One row first (an empty listing skips queries), then the bundled ones.
        source = CompetencyFactory()
        CompetencyMapping.objects.create(source=source, target=CompetencyFactory(block=source.block))
        counts = []
        for _round in range(2):
            with CaptureQueriesContext(connection) as queries:
                assert admin_client.get(reverse(f"{namespace}:index")).status_code == 200
            counts.append(len(queries))
            frameworks_import_bundled()
        assert counts[0] == counts[1]
