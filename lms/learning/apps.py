from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LearningConfig(AppConfig):
    name = "lms.learning"
    label = "learning"
    verbose_name = _("Parcours des apprenants")

    def ready(self):
        from wagtail.signals import page_published

        from .receivers import course_content_published

        # Wagtail sends page_published with the specific page class as sender: listen to all senders.
        page_published.connect(course_content_published, dispatch_uid="learning.course_content_published")
