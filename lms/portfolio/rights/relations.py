"""List the relations of other models to the user model, from Django's metadata (no hard-coded list)."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import models


@dataclass(frozen=True)
class UserRelation:
    """One way rows of ``model`` point at a user: a foreign key (or one-to-one), or a many-to-many."""

    model: type[models.Model]
    field_name: str
    kind: str  # "fk" or "m2m"
    on_delete: object | None = None
    #: For many-to-many relations: the table of pairs, and its column that holds the user.
    through: type[models.Model] | None = None
    through_user_field: str = ""


def user_relations() -> list[UserRelation]:
    """Return every relation that points at the user model, hidden ones (``related_name="+"``) included."""
    relations = []
    for field in get_user_model()._meta.get_fields(include_hidden=True):
        if field.many_to_many:
            if field.auto_created:  # the reverse side of another model's ManyToManyField
                m2m = field.field
                through, user_column = m2m.remote_field.through, m2m.m2m_reverse_field_name()
            else:  # the user model's own many-to-many fields (groups, permissions)
                m2m = field
                through, user_column = field.remote_field.through, field.m2m_field_name()
            relations.append(
                UserRelation(
                    model=field.related_model,
                    field_name=m2m.name,
                    kind="m2m",
                    through=through,
                    through_user_field=user_column,
                )
            )
        elif field.auto_created and not field.concrete and (field.one_to_many or field.one_to_one):
            relations.append(
                UserRelation(
                    model=field.related_model, field_name=field.field.name, kind="fk", on_delete=field.on_delete
                )
            )
    return relations
