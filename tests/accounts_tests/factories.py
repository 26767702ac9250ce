import factory
from django.utils.text import slugify

from lms.accounts.models import Organisation, User
from lms.accounts.services import organisation_groups_ensure

PASSWORD = "Un-mot-de-passe-solide-42"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"personne{n}@exemple.fr")
    first_name = factory.Faker("first_name", locale="fr_FR")
    last_name = factory.Faker("last_name", locale="fr_FR")
    departement = "59"
    password = factory.django.Password(PASSWORD)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Organisme {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))

    @factory.post_generation
    def groups(obj, create, extracted, **kwargs):
        if create:
            organisation_groups_ensure(organisation=obj)
