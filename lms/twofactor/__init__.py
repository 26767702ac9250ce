"""Optional two-factor authentication (TOTP, django-otp) for the people who use the Wagtail admin."""
