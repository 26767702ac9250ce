"""The content blocks of a lesson: one shared StreamBlock composed of small StructBlocks."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock
from wagtail.rich_text import RichText

from .sanitize import sanitize_stored_rich_text

RICH_TEXT_FEATURES = ["h2", "h3", "bold", "italic", "ol", "ul", "link", "document-link"]
SHORT_RICH_TEXT_FEATURES = ["bold", "italic", "ol", "ul", "link"]


class SafeRichTextBlock(blocks.RichTextBlock):
    """A rich text block whose HTML is sanitised when read and when saved (see ``content/sanitize.py``)."""

    def to_python(self, value):
        return RichText(sanitize_stored_rich_text(value))

    def get_prep_value(self, value):
        return sanitize_stored_rich_text(super().get_prep_value(value))


class TextBlock(SafeRichTextBlock):
    def __init__(self, **kwargs):
        super().__init__(features=RICH_TEXT_FEATURES, **kwargs)

    class Meta:
        icon = "pilcrow"
        template = "content/blocks/text.html"
        group = _("Texte")
        description = _("Paragraphes, intertitres, listes et liens.")
        preview_value = "<h2>Accueillir sans faire à la place</h2><p>Le médiateur accompagne la personne pour qu'elle gagne en autonomie.</p>"


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("image"))
    alt_text = blocks.CharBlock(
        label=_("texte alternatif"),
        max_length=250,
        help_text=_("Décrivez ce que montre l'image pour une personne qui ne la voit pas (obligatoire)."),
    )
    caption = blocks.CharBlock(label=_("légende"), required=False, max_length=250)

    class Meta:
        icon = "image"
        template = "content/blocks/image.html"
        group = _("Médias")
        description = _("Une image avec son texte alternatif obligatoire.")


class VideoBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("titre"), max_length=200)
    url = blocks.URLBlock(label=_("lien vers la vidéo"), required=False)
    file = DocumentChooserBlock(label=_("fichier vidéo"), required=False)
    transcript = SafeRichTextBlock(
        label=_("transcription"), features=SHORT_RICH_TEXT_FEATURES, help_text=_("Obligatoire pour l'accessibilité.")
    )

    class Meta:
        icon = "media"
        template = "content/blocks/video.html"
        group = _("Médias")
        description = _("Une vidéo (lien ou fichier) et sa transcription.")
        preview_value = {"title": "Présentation", "url": "https://example.org/video", "transcript": "<p>…</p>"}

    def clean(self, value):
        value = super().clean(value)
        if not value.get("url") and not value.get("file"):
            raise StructBlockValidationError(
                block_errors={"url": ValidationError(_("Indiquez un lien ou choisissez un fichier vidéo."))}
            )
        return value


class AudioBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("titre"), max_length=200)
    file = DocumentChooserBlock(label=_("fichier audio"))
    transcript = SafeRichTextBlock(label=_("transcription"), features=SHORT_RICH_TEXT_FEATURES)

    class Meta:
        icon = "media"
        template = "content/blocks/audio.html"
        group = _("Médias")
        description = _("Un enregistrement audio et sa transcription.")


class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("document"))
    title = blocks.CharBlock(label=_("titre affiché"), max_length=200, required=False)
    description = blocks.TextBlock(label=_("description"), required=False, max_length=500)

    class Meta:
        icon = "doc-full"
        template = "content/blocks/document.html"
        group = _("Médias")
        description = _("Un document à télécharger (fiche, support, modèle).")


class CalloutBlock(blocks.StructBlock):
    kind = blocks.ChoiceBlock(
        label=_("type"),
        choices=[
            ("tip", _("Astuce")),
            ("info", _("À savoir")),
            ("warning", _("Attention")),
            ("example", _("Exemple de terrain")),
        ],
        default="tip",
    )
    title = blocks.CharBlock(label=_("titre"), max_length=200, required=False)
    text = SafeRichTextBlock(label=_("texte"), features=SHORT_RICH_TEXT_FEATURES)

    class Meta:
        icon = "help"
        template = "content/blocks/callout.html"
        group = _("Pédagogie")
        description = _("Un encadré : astuce, point d'attention, exemple de terrain.")
        preview_value = {"kind": "tip", "title": "Astuce", "text": "<p>Laissez la souris à la personne.</p>"}


class ReflectionBlock(blocks.StructBlock):
    kind = blocks.ChoiceBlock(
        label=_("type"), choices=[("reflection", _("Réflexion")), ("exercise", _("Exercice"))], default="reflection"
    )
    prompt = blocks.TextBlock(label=_("consigne"))
    guidance = SafeRichTextBlock(label=_("pistes de réponse"), features=SHORT_RICH_TEXT_FEATURES, required=False)

    class Meta:
        icon = "edit"
        template = "content/blocks/reflection.html"
        group = _("Pédagogie")
        description = _("Une question de réflexion ou un exercice, avec des pistes de réponse repliées.")
        preview_value = {"kind": "reflection", "prompt": "Repensez à une situation où…", "guidance": "<p>…</p>"}


class GlossaryBlock(blocks.StructBlock):
    term = blocks.CharBlock(label=_("terme"), max_length=120)
    definition = blocks.TextBlock(label=_("définition"))

    class Meta:
        icon = "openquote"
        template = "content/blocks/glossary.html"
        group = _("Pédagogie")
        description = _("Un terme et sa définition.")
        preview_value = {"term": "Non-substitution", "definition": "Faire avec la personne, pas à sa place."}


class ResourceItemBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("titre"), max_length=200)
    url = blocks.URLBlock(label=_("adresse"))
    description = blocks.TextBlock(label=_("description"), required=False, max_length=400)


class ResourcesBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("titre"), max_length=200, default=_("Pour aller plus loin"))
    items = blocks.ListBlock(ResourceItemBlock(), label=_("ressources"), min_num=1)

    class Meta:
        icon = "link"
        template = "content/blocks/resources.html"
        group = _("Pédagogie")
        description = _("Des ressources pour aller plus loin.")


class LessonStreamBlock(blocks.StreamBlock):
    text = TextBlock(label=_("Texte"))
    image = ImageBlock(label=_("Image"))
    video = VideoBlock(label=_("Vidéo"))
    audio = AudioBlock(label=_("Audio"))
    document = DocumentBlock(label=_("Document à télécharger"))
    callout = CalloutBlock(label=_("Encadré"))
    reflection = ReflectionBlock(label=_("Réflexion ou exercice"))
    glossary = GlossaryBlock(label=_("Glossaire"))
    resources = ResourcesBlock(label=_("Pour aller plus loin"))
