"""Demo badges: one « Parcours terminé » badge per demo course, and a participation badge.

Idempotent: classes are found by organisation and name and kept when they exist. Images are drawn
here (PNG with Pillow, one hand-written SVG), so no binary file ships with the demo. Run after the
courses and the learning demo data (the participation badge needs the « Les jeudis de la
médiation » series); the demo learners' earned badges are then awarded.
"""

import io
from dataclasses import dataclass, field
from pathlib import Path

from django.core.files.base import ContentFile
from django.db import transaction
from PIL import Image, ImageDraw, ImageFont

from courses.demo import demo_course_files
from lms.core.demo import DEMO_ACCOUNTS, ensure_demo_allowed

from .images import SIZE
from .models import BadgeClass, BadgeRule, RuleKind

SERIES_TITLE = "Les jeudis de la médiation"
SESSIONS_REQUIRED = 3
COURSE_BADGE_NAME = "Parcours terminé : %(title)s"
PARTICIPATION_NAME = "Participant·e aux jeudis de la médiation"
FONT = Path(__file__).resolve().parent.parent / "portfolio" / "fonts" / "DejaVuSans-Bold.ttf"
# Colours with a contrast ratio above 4.5:1 against white text.
PALETTE = ["#1d4e89", "#6a2c70", "#0b6e4f", "#8a3b12", "#2f4858"]

PARTICIPATION_SVG = """<svg xmlns="http://www.w3.org/2000/svg" width="256" height="256" viewBox="0 0 256 256" role="img">
<title>Participant·e aux jeudis de la médiation</title>
<circle cx="128" cy="128" r="120" fill="#6a2c70"/>
<circle cx="128" cy="128" r="104" fill="none" stroke="#ffffff" stroke-width="6"/>
<path d="M70 92h116a10 10 0 0 1 10 10v56a10 10 0 0 1-10 10h-60l-26 22v-22h-30a10 10 0 0 1-10-10v-56a10 10 0 0 1 10-10z"
 fill="#ffffff"/>
<text x="128" y="146" font-family="DejaVu Sans, Arial, sans-serif" font-size="46" font-weight="bold"
 text-anchor="middle" fill="#6a2c70">3×</text>
<text x="128" y="218" font-family="DejaVu Sans, Arial, sans-serif" font-size="18" font-weight="bold"
 text-anchor="middle" fill="#ffffff">JEUDIS</text>
</svg>
"""


@dataclass
class DemoBadgesReport:
    created: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    awarded: list[str] = field(default_factory=list)


def course_badge_png(*, title: str, colour: str) -> bytes:
    """Draw a round badge with a check mark and the course initials (decorative; alt text says it)."""
    scale = 4  # draw large, then downsample: smooth edges without antialiasing support in ImageDraw
    big = SIZE * scale
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((8 * scale, 8 * scale, big - 8 * scale, big - 8 * scale), fill=colour)
    draw.ellipse((24 * scale, 24 * scale, big - 24 * scale, big - 24 * scale), outline="white", width=5 * scale)
    check = [(84, 118), (116, 150), (176, 88)]
    draw.line([(x * scale, y * scale) for x, y in check], fill="white", width=16 * scale, joint="curve")
    initials = "".join(word[0] for word in title.split() if word[:1].isalpha())[:3].upper()
    font = ImageFont.truetype(str(FONT), 34 * scale) if FONT.exists() else ImageFont.load_default()
    draw.text((big / 2, 196 * scale), initials, fill="white", font=font, anchor="mm")
    out = io.BytesIO()
    image.resize((SIZE, SIZE), Image.Resampling.LANCZOS).save(out, "PNG", optimize=True)
    return out.getvalue()


def _class_ensure(*, organisation, name: str, report: DemoBadgesReport, **fields) -> tuple[BadgeClass, bool]:
    existing = BadgeClass.objects.filter(organisation=organisation, name=name).first()
    if existing is not None:
        report.kept.append(name)
        return existing, False
    image, image_name = fields.pop("image")
    badge_class = BadgeClass(organisation=organisation, name=name, **fields)
    badge_class.image.save(image_name, ContentFile(image), save=False)
    badge_class.full_clean()
    badge_class.save()
    report.created.append(name)
    return badge_class, True


def _course_badges(report: DemoBadgesReport) -> None:
    import yaml

    from courses.models import CoursePage

    slugs = [yaml.safe_load(path.read_text(encoding="utf-8"))["slug"] for path in demo_course_files()]
    courses = CoursePage.objects.filter(slug__in=slugs).select_related("organisation").order_by("title")
    for number, course in enumerate(courses):
        name = COURSE_BADGE_NAME % {"title": course.title}
        badge_class, created = _class_ensure(
            organisation=course.organisation,
            name=name[:200],
            report=report,
            description=f"A terminé le parcours « {course.title} » : leçons suivies et évaluations requises réussies.",
            criteria_narrative=(
                f"- Terminer toutes les leçons obligatoires de « {course.title} »\n"
                "- Réussir les évaluations requises\n- Assister aux sessions en direct exigées"
            ),
            image=(
                course_badge_png(title=course.title, colour=PALETTE[number % len(PALETTE)]),
                f"demo-{course.slug}.png",
            ),
            image_alt=f"Badge rond, coche blanche : parcours « {course.title} » terminé",
        )
        if created:
            badge_class.competencies.set(course.competencies.all())
            badge_class.tags.add("parcours", "médiation numérique")
            badge_class.save()  # cluster relations (competencies, tags) are written on save
            BadgeRule.objects.create(badge_class=badge_class, kind=RuleKind.COURSE_COMPLETED, course=course)


def _participation_badge(report: DemoBadgesReport) -> None:
    from lms.learning.models import LiveSeries

    series = LiveSeries.objects.filter(title=SERIES_TITLE).select_related("organisation").first()
    if series is None:
        return
    badge_class, created = _class_ensure(
        organisation=series.organisation,
        name=PARTICIPATION_NAME,
        report=report,
        description="A participé à trois webinaires « Les jeudis de la médiation » : échanges de pratiques entre pairs.",
        criteria_narrative=f"Être présent·e à {SESSIONS_REQUIRED} sessions du cycle « {SERIES_TITLE} ».",
        image=(PARTICIPATION_SVG.encode("utf-8"), "demo-jeudis.svg"),
        image_alt="Badge violet, bulle de dialogue « 3× » : participation aux jeudis de la médiation",
    )
    if created:
        badge_class.tags.add("webinaire", "échange de pratiques")
        badge_class.save()
        BadgeRule.objects.create(
            badge_class=badge_class, kind=RuleKind.SESSIONS_ATTENDED, series=series, sessions_required=SESSIONS_REQUIRED
        )
        BadgeRule.objects.create(badge_class=badge_class, kind=RuleKind.TRAINER_AWARD, sort_order=1)


def demo_badges_load() -> DemoBadgesReport:
    """Create the demo badge classes (and their issuers), then award what the demo learners earned."""
    from django.contrib.auth import get_user_model

    from .services import awards_evaluate, issuer_ensure

    ensure_demo_allowed()
    report = DemoBadgesReport()
    with transaction.atomic():
        _course_badges(report)
        _participation_badge(report)
        for badge_class in BadgeClass.objects.select_related("organisation"):
            issuer_ensure(organisation=badge_class.organisation)
    emails = [account.email for account in DEMO_ACCOUNTS]
    for user_id in get_user_model().objects.filter(email__in=emails).values_list("pk", flat=True):
        report.awarded.extend(str(assertion) for assertion in awards_evaluate(user_id=user_id))
    return report
