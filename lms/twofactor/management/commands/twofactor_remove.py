"""Recovery: remove the authenticator of an account that lost it (run by a server administrator)."""

from django.core.management.base import BaseCommand, CommandError

from lms.accounts.models import User
from lms.twofactor.services import totp_devices_remove


class Command(BaseCommand):
    help = "Remove every two-factor (TOTP) device of the account with this e-mail address."

    def add_arguments(self, parser):
        parser.add_argument("email", help="E-mail address of the account")

    def handle(self, *args, email: str, **options):
        user = User.objects.filter(email__iexact=email.strip()).first()
        if user is None:
            raise CommandError(f"No account with the e-mail address {email!r}.")
        removed = totp_devices_remove(user=user, actor=None)
        self.stdout.write(self.style.SUCCESS(f"{removed} device(s) removed for {user.email}."))
