"""Builders for framework rows and data files."""

import copy
from functools import cache

import factory
import yaml

from lms.frameworks.models import Block, Competency, Framework
from lms.frameworks.services import BUNDLED_FILE


@cache
def _bundled() -> dict:
    return yaml.safe_load(BUNDLED_FILE.read_text(encoding="utf-8"))


def bundled_data() -> dict:
    """Return a fresh copy of the bundled data file, safe to alter in a test."""
    return copy.deepcopy(_bundled())


class FrameworkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Framework

    code = factory.Sequence(lambda n: f"TP-{n}")
    title = factory.Sequence(lambda n: f"Titre professionnel {n}")
    rncp_code = factory.Sequence(lambda n: f"RNCP{40000 + n}")


class BlockFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Block

    framework = factory.SubFactory(FrameworkFactory)
    code = factory.Sequence(lambda n: f"CCP{n}")
    activity_type = "Accompagner les publics"


class CompetencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Competency

    block = factory.SubFactory(BlockFactory)
    framework = factory.LazyAttribute(lambda o: o.block.framework)
    code = factory.Sequence(lambda n: f"CP{n}")
    title = "Accueillir les personnes"
