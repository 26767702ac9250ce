"""Build the site's fixed structure: home page, catalogue, role groups. Safe to run again."""

from django.db import transaction
from wagtail.models import Page, Site

from content.models import HomePage
from courses.models import CatalogueIndexPage
from courses.services import catalogue_ensure
from lms.accounts.services import roles_sync


@transaction.atomic
def site_setup(*, hostname: str = "localhost", port: int = 80) -> tuple[HomePage, CatalogueIndexPage]:
    """Ensure the home page is the default site's root, the catalogue exists and roles are synced."""
    roles_sync()
    home = HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node()
        # Wagtail's initial migration leaves a generic "Welcome" page; the home page replaces it.
        for placeholder in root.get_children().filter(
            content_type__model="page", content_type__app_label="wagtailcore"
        ):
            Site.objects.filter(root_page=placeholder).delete()
            placeholder.delete()
        home = HomePage(
            title="Tremplin",
            slug="accueil",
            headline="Se former à la médiation numérique, pas à pas",
            intro=(
                "<p>Tremplin réunit les formations continues des conseillers et médiateurs numériques : "
                "des modules courts, des évaluations alignées sur les titres professionnels, des temps "
                "d'échange en direct et un portfolio qui prépare la VAE.</p>"
            ),
        )
        root.add_child(instance=home)
        home.save_revision().publish()
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(hostname=hostname, port=port, root_page=home, is_default_site=True, site_name="Tremplin")
    elif site.root_page_id != home.pk:
        site.root_page = home
        site.save()
    catalogue = catalogue_ensure(home=home)
    frameworks_ensure()
    return home, catalogue


def frameworks_ensure() -> None:
    """Import the bundled frameworks on a new install; never overwrite administrators' later edits."""
    from lms.frameworks.models import Framework
    from lms.frameworks.services import frameworks_import_bundled

    if not Framework.objects.exists():
        frameworks_import_bundled()
