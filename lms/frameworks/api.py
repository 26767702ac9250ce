"""Wagtail API v2 endpoint for the competency frameworks: each one with its blocks and competencies."""

from rest_framework import serializers
from wagtail.api import APIField
from wagtail.api.v2.filters import FieldsFilter, OrderingFilter
from wagtail.api.v2.views import BaseAPIViewSet

from . import selectors
from .models import Block, Competency, Framework


class CompetencySerializer(serializers.ModelSerializer):
    reference = serializers.SerializerMethodField()

    class Meta:
        model = Competency
        fields = ["code", "reference", "title", "status"]

    def get_reference(self, competency: Competency) -> str:
        # The prefetch caches the block and its framework, not ``competency.framework``: go through them.
        block = competency.block
        return f"{block.framework.code}/{block.code}/{competency.code}"


class BlockSerializer(serializers.ModelSerializer):
    competencies = CompetencySerializer(many=True, read_only=True)

    class Meta:
        model = Block
        fields = ["code", "activity_type", "rncp_block_code", "status", "note", "competencies"]


_FIELDS = [
    "code",
    "kind",
    "title",
    "former_title",
    "certifier",
    "title_code",
    "rncp_code",
    "rncp_url",
    "rncp_status",
    "level",
    "level_min",
    "level_max",
    "nsf",
    "legal_text",
    "source",
    "valid_from",
    "superseded_on",
    "superseded_by",
    "supersedes",
    "status",
    "note",
    "blocks",
]


class FrameworksAPIViewSet(BaseAPIViewSet):
    """List and show frameworks, with their blocks and competencies nested and every status flag."""

    model = Framework
    name = "frameworks"
    filter_backends = [FieldsFilter, OrderingFilter]
    body_fields = [
        *BaseAPIViewSet.body_fields,
        *[name for name in _FIELDS if name not in ("superseded_by", "supersedes", "blocks")],
        APIField("superseded_by", serializer=serializers.SlugRelatedField(slug_field="code", read_only=True)),
        APIField("supersedes", serializer=serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)),
        APIField("blocks", serializer=BlockSerializer(many=True, read_only=True)),
    ]
    listing_default_fields = [*BaseAPIViewSet.listing_default_fields, *_FIELDS]

    def get_queryset(self):
        return selectors.framework_list()
