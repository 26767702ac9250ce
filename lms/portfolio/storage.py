"""Private storage for portfolio files: evidence uploads and generated PDFs, never served as media.

Files live under ``settings.PRIVATE_MEDIA_ROOT`` (default ``var/private-media``), outside
``MEDIA_ROOT``, so no web server rule and no ``static()`` helper can publish them. They are only
streamed by views that check permission first. Each portfolio has its own directory, named by an
unguessable key: it is the only media root the PDF renderer may read for that portfolio.
"""

import secrets
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage

PORTFOLIOS_DIR = "portfolio"


def private_media_root() -> Path:
    """Return the private media root, read from the settings at call time (tests change it)."""
    default = Path(settings.BASE_DIR) / "var" / "private-media"
    return Path(getattr(settings, "PRIVATE_MEDIA_ROOT", default))


class PrivateStorage(FileSystemStorage):
    """Store files under ``PRIVATE_MEDIA_ROOT``; refuse to build public URLs for them."""

    def __init__(self) -> None:
        super().__init__(base_url=None, file_permissions_mode=0o640, directory_permissions_mode=0o750)

    # FileSystemStorage caches these from MEDIA_ROOT; read our own setting every time instead.
    @property
    def base_location(self):
        return str(private_media_root())

    @property
    def location(self):
        return str(private_media_root().resolve())

    def url(self, name):
        raise ValueError("Private portfolio files have no public URL; stream them through a permission-checked view.")


_STORAGE = PrivateStorage()


def private_storage() -> PrivateStorage:
    """Return the private storage (a callable, so migrations do not serialise the instance)."""
    return _STORAGE


def portfolio_directory(storage_key: str) -> Path:
    """Return the absolute private directory of one portfolio."""
    return private_media_root().resolve() / PORTFOLIOS_DIR / storage_key


def random_name(extension: str) -> str:
    """Return an unguessable file name (144 random bits) with ``extension``."""
    return f"{secrets.token_urlsafe(18)}.{extension}"


def evidence_upload_to(instance, filename: str) -> str:
    """Store an evidence file as ``portfolio/<key>/evidence/<random>.<ext>``; the given name is not used."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"{PORTFOLIOS_DIR}/{instance.portfolio.storage_key}/evidence/{random_name(extension)}"


def export_upload_to(instance, filename: str) -> str:
    """Store a generated PDF as ``portfolio/<key>/exports/<random>.pdf``."""
    return f"{PORTFOLIOS_DIR}/{instance.portfolio.storage_key}/exports/{random_name('pdf')}"
