"""Identifiers that appear in public URLs carry at least 128 random bits."""

import re
import secrets
import uuid

import pytest
from django.core import mail

from .entropy import assert_unguessable, assert_unguessable_series

pytestmark = pytest.mark.django_db


class TestEntropyHelper:
    def test_accepts_token_urlsafe_24(self):
        assert_unguessable_series([secrets.token_urlsafe(24) for _ in range(50)])

    def test_accepts_uuid4_hex(self):
        assert_unguessable(uuid.uuid4().hex, min_bits=122)

    @pytest.mark.parametrize(
        "value",
        # Fixed values (a short random-looking token included) so every xdist worker collects the same ids.
        ["42", "1234567890123456789012345678901234567890", "cours-x", "b3KrdzUs8_o", "a" * 40, "ab" * 30],
    )
    def test_refuses_guessable_values(self, value):
        with pytest.raises(AssertionError):
            assert_unguessable(value)

    def test_refuses_a_constant_generator(self):
        token = secrets.token_urlsafe(24)
        with pytest.raises(AssertionError, match="repeats"):
            assert_unguessable_series([token, token])


class TestPasswordResetLink:
    def test_reset_token_carries_128_bits(self, client, site_tree):
        from tests.accounts_tests.factories import UserFactory

        user = UserFactory(email="reset@tremplin.test")
        response = client.post("/compte/mot-de-passe/", {"email": user.email})
        assert response.status_code == 302
        assert len(mail.outbox) == 1
        match = re.search(r"/compte/mot-de-passe/(?P<uid>[\w-]+)/(?P<token>[\w-]+)/", mail.outbox[0].body)
        assert match, mail.outbox[0].body
        timestamp, _sep, signature = match["token"].partition("-")
        # The first part is a base-36 timestamp (public); the signature is the secret.
        assert timestamp.isalnum()
        assert_unguessable(signature)
