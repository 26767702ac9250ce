"""Enrol a cohort's learners from a CSV file: a dry run that reports every line, then an all-or-nothing apply.

Columns (header on the first line, in any order, « , » or « ; » separated, UTF-8 with or without BOM,
else Windows-1252): ``email``; ``nom`` alone (« Prénom Nom ») or ``first_name``/``prénom`` with
``last_name``/``nom``; optional ``structure`` and ``département``. Unknown e-mails become invited
accounts; existing accounts keep their profile as it is.
"""

import csv
import io
import unicodedata
from dataclasses import dataclass, field
from functools import partial

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from lms.accounts.models import User
from lms.accounts.services import user_create
from lms.accounts.territories import DEPARTEMENTS

from ..models import Cohort, Enrolment, EnrolmentSource
from .enrolment import enrolment_create

MAX_BYTES = 1024 * 1024
MAX_LINES = 5000

FILE_TOO_LARGE = _("Le fichier dépasse 1 Mio : découpez-le en plusieurs fichiers.")
FILE_TOO_MANY_LINES = _("Le fichier compte plus de 5 000 lignes : découpez-le en plusieurs fichiers.")
FILE_ENCODING = _("Encodage du fichier non reconnu : enregistrez-le en CSV UTF-8.")
FILE_EMPTY = _("Le fichier est vide.")
FILE_NOT_CSV = _("Le fichier n'est pas un CSV lisible (ligne %(line)s).")
FILE_NO_LEARNER = _("Le fichier ne contient aucune personne à inscrire.")
MISSING_EMAIL_COLUMN = _("Colonne manquante : email.")
MISSING_NAME_COLUMN = _("Colonne manquante : nom (ou first_name et last_name).")

LINE_EMAIL_MISSING = _("adresse e-mail manquante")
LINE_EMAIL_INVALID = _("adresse e-mail invalide : « %(value)s »")
LINE_NAME_MISSING = _("nom manquant")
LINE_DEPARTEMENT_UNKNOWN = _("code de département inconnu : « %(value)s »")
LINE_DUPLICATE = _("ligne en double : même adresse e-mail qu'à la ligne %(line)s")
LINE_TOO_LONG = _("%(column)s trop long (%(max)s caractères au plus)")
LINE_OTHER_COHORT = _("déjà inscrit à une autre session de cette formation : « %(cohort)s »")

OUTCOME_INVITE = "invite"
OUTCOME_ENROL = "enrol"
OUTCOME_ATTACH = "attach"
OUTCOME_ALREADY = "already"
OUTCOME_ERROR = "error"
OUTCOME_LABELS = {
    OUTCOME_INVITE: _("nouveau compte : invitation par e-mail et inscription"),
    OUTCOME_ENROL: _("compte existant : inscription"),
    OUTCOME_ATTACH: _("déjà inscrit à la formation : rattachement à cette session"),
    OUTCOME_ALREADY: _("déjà inscrit"),
}

# Normalised header (lower case, no accents, « _ » for spaces and dashes) → column.
HEADER_ALIASES = {
    "email": "email",
    "e_mail": "email",
    "mail": "email",
    "courriel": "email",
    "adresse_e_mail": "email",
    "adresse_email": "email",
    "first_name": "first_name",
    "firstname": "first_name",
    "prenom": "first_name",
    "last_name": "last_name",
    "lastname": "last_name",
    "nom_de_famille": "last_name",
    "nom": "nom",
    "structure": "structure",
    "structure_employeuse": "structure",
    "departement": "departement",
    "code_departement": "departement",
    "dept": "departement",
}
MAX_LENGTHS = {"email": 254, "first_name": 150, "last_name": 150, "structure": 200}


class ImportFileError(Exception):
    """Raise when the file itself cannot be read; nothing in it is looked at."""

    def __init__(self, message) -> None:
        self.message = message
        super().__init__(str(message))


class ImportRefused(Exception):
    """Raise when applying a file whose report has errors; nothing was written."""

    def __init__(self, report: "ImportReport") -> None:
        self.report = report
        super().__init__("The import has errors; nothing was imported.")


@dataclass
class ImportLine:
    number: int
    email: str
    first_name: str = ""
    last_name: str = ""
    structure: str = ""
    departement: str = ""
    outcome: str = ""
    errors: list[str] = field(default_factory=list)
    user: User | None = None
    enrolment: Enrolment | None = None

    @property
    def message(self) -> str:
        return " ; ".join(self.errors) if self.errors else str(OUTCOME_LABELS[self.outcome])

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


@dataclass
class ImportReport:
    lines: list[ImportLine] = field(default_factory=list)
    applied: bool = False

    @property
    def errors(self) -> list[ImportLine]:
        return [line for line in self.lines if line.outcome == OUTCOME_ERROR]

    @property
    def has_errors(self) -> bool:
        return bool(self.errors)

    def count(self, outcome: str) -> int:
        return sum(1 for line in self.lines if line.outcome == outcome)

    @property
    def counts(self) -> dict[str, int]:
        return {outcome: self.count(outcome) for outcome in (*OUTCOME_LABELS, OUTCOME_ERROR)}


def cohort_import_decode(*, data: bytes) -> str:
    """Return the text of an uploaded file: UTF-8 (BOM or not), else Windows-1252; guard its size."""
    if len(data) > MAX_BYTES:
        raise ImportFileError(FILE_TOO_LARGE)
    if not data.strip():
        raise ImportFileError(FILE_EMPTY)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError as error:
        raise ImportFileError(FILE_ENCODING) from error
    if "\x00" in text:
        raise ImportFileError(FILE_ENCODING)
    return text


def _normalise_header(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return "_".join(ascii_name.strip().lower().replace("-", " ").split())


def _normalise_departement(value: str) -> str:
    value = value.strip().upper()
    return value.zfill(2) if value.isdigit() and len(value) == 1 else value


def _split_full_name(value: str) -> tuple[str, str]:
    first, _space, last = " ".join(value.split()).partition(" ")
    return (first, last) if last else ("", first)


def _read_rows(text: str) -> tuple[dict[str, int], list[tuple[int, list[str]]]]:
    first_line = text.lstrip("\r\n").split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[tuple[int, list[str]]] = []
    columns: dict[str, int] | None = None
    next_line = 1
    try:
        for values in reader:
            # A quoted field may span lines: report the line where the record starts.
            number, next_line = next_line, reader.line_num + 1
            if not any(value.strip() for value in values):
                continue
            if columns is None:
                columns = {}
                for index, name in enumerate(values):
                    column = HEADER_ALIASES.get(_normalise_header(name))
                    if column and column not in columns:
                        columns[column] = index
                continue
            if len(rows) >= MAX_LINES:
                raise ImportFileError(FILE_TOO_MANY_LINES)
            rows.append((number, values))
    except csv.Error as error:
        raise ImportFileError(FILE_NOT_CSV % {"line": reader.line_num}) from error
    if columns is None:
        raise ImportFileError(FILE_EMPTY)
    if "email" not in columns:
        raise ImportFileError(MISSING_EMAIL_COLUMN)
    if "nom" not in columns and not {"first_name", "last_name"} <= columns.keys():
        raise ImportFileError(MISSING_NAME_COLUMN)
    if not rows:
        raise ImportFileError(FILE_NO_LEARNER)
    return columns, rows


def _parse_line(number: int, values: list[str], columns: dict[str, int]) -> ImportLine:
    def value(column: str) -> str:
        index = columns.get(column)
        return " ".join(values[index].split()) if index is not None and index < len(values) else ""

    line = ImportLine(number=number, email=value("email").lower(), structure=value("structure"))
    if "first_name" in columns:
        line.first_name, line.last_name = value("first_name"), value("last_name") or value("nom")
    else:
        line.first_name, line.last_name = _split_full_name(value("nom"))
    raw_departement = value("departement")
    line.departement = _normalise_departement(raw_departement)
    if not line.email:
        line.errors.append(str(LINE_EMAIL_MISSING))
    else:
        try:
            validate_email(line.email)
        except ValidationError:
            line.errors.append(str(LINE_EMAIL_INVALID % {"value": value("email")}))
    if not line.name:
        line.errors.append(str(LINE_NAME_MISSING))
    if line.departement and line.departement not in DEPARTEMENTS:
        line.errors.append(str(LINE_DEPARTEMENT_UNKNOWN % {"value": raw_departement}))
    for column, limit in MAX_LENGTHS.items():
        if len(getattr(line, column)) > limit:
            line.errors.append(str(LINE_TOO_LONG % {"column": column, "max": limit}))
    return line


def cohort_import_plan(*, cohort: Cohort, text: str) -> ImportReport:
    """Return what importing ``text`` into ``cohort`` would do, line by line; write nothing."""
    columns, rows = _read_rows(text)
    report = ImportReport(lines=[_parse_line(number, values, columns) for number, values in rows])
    first_seen: dict[str, int] = {}
    for line in report.lines:
        if line.email and line.email in first_seen:
            line.errors.append(str(LINE_DUPLICATE % {"line": first_seen[line.email]}))
        first_seen.setdefault(line.email, line.number)
    emails = {line.email for line in report.lines if not line.errors}
    users = {user.email: user for user in User.objects.filter(email__in=emails)}
    enrolments = {
        enrolment.user_id: enrolment
        for enrolment in Enrolment.objects.filter(course_id=cohort.course_id, user__in=users.values()).select_related(
            "cohort"
        )
    }
    for line in report.lines:
        if line.errors:
            line.outcome = OUTCOME_ERROR
            continue
        line.user = users.get(line.email)
        line.enrolment = enrolments.get(line.user.pk) if line.user else None
        if line.user is None:
            line.outcome = OUTCOME_INVITE
        elif line.enrolment is None:
            line.outcome = OUTCOME_ENROL
        elif line.enrolment.cohort_id == cohort.pk:
            line.outcome = OUTCOME_ALREADY
        elif line.enrolment.cohort_id is None:
            line.outcome = OUTCOME_ATTACH
        else:
            line.errors.append(str(LINE_OTHER_COHORT % {"cohort": line.enrolment.cohort.name}))
            line.outcome = OUTCOME_ERROR
    return report


@transaction.atomic
def cohort_import_apply(*, cohort: Cohort, text: str) -> ImportReport:
    """Import ``text`` into ``cohort`` in one transaction; raise ``ImportRefused`` if any line has an error.

    Invitations are e-mailed once the transaction commits. Importing the same file again changes
    nothing: every line then reads « déjà inscrit ».
    """
    from ..tasks import send_invitation

    # Locking the cohort makes two imports of the same cohort run one after the other.
    cohort = Cohort.objects.select_for_update().select_related("course").get(pk=cohort.pk)
    report = cohort_import_plan(cohort=cohort, text=text)
    if report.has_errors:
        raise ImportRefused(report)
    course = cohort.course
    for line in report.lines:
        if line.outcome == OUTCOME_INVITE:
            line.user = user_create(
                email=line.email,
                password=None,
                first_name=line.first_name,
                last_name=line.last_name,
                structure=line.structure,
                departement=line.departement,
                is_invited=True,
            )
            transaction.on_commit(partial(send_invitation.delay, line.user.pk, cohort.pk))
        elif line.outcome == OUTCOME_ENROL and line.user.is_invited:
            # Still has no password (invited by an earlier import): the invitation doubles as confirmation.
            transaction.on_commit(partial(send_invitation.delay, line.user.pk, cohort.pk))
        if line.outcome in (OUTCOME_INVITE, OUTCOME_ENROL, OUTCOME_ATTACH):
            line.enrolment = enrolment_create(
                user=line.user, course=course, cohort=cohort, source=EnrolmentSource.IMPORT
            )
    report.applied = True
    return report
