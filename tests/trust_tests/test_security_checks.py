"""The system checks of lms.core.security catch a weakened configuration."""

import copy

from django.conf import settings
from django.test import override_settings

from lms.core.security import check_content_security_policy, check_two_factor_middleware


def _policy_with_script_src(*sources):
    policy = copy.deepcopy(settings.CONTENT_SECURITY_POLICY)
    policy["DIRECTIVES"]["script-src"] = list(sources)
    return policy


class TestCspCheck:
    def test_current_settings_pass(self):
        assert check_content_security_policy() == []

    def test_unsafe_inline_is_an_error(self):
        with override_settings(CONTENT_SECURITY_POLICY=_policy_with_script_src("'self'", "'unsafe-inline'")):
            errors = check_content_security_policy()
        assert [e.id for e in errors] == ["tremplin.E103"]
        assert "'unsafe-inline'" in errors[0].msg

    def test_missing_middleware_is_an_error(self):
        middleware = [m for m in settings.MIDDLEWARE if m != "csp.middleware.CSPMiddleware"]
        with override_settings(MIDDLEWARE=middleware):
            assert [e.id for e in check_content_security_policy()] == ["tremplin.E101"]

    def test_missing_frame_ancestors_is_an_error(self):
        policy = copy.deepcopy(settings.CONTENT_SECURITY_POLICY)
        del policy["DIRECTIVES"]["frame-ancestors"]
        with override_settings(CONTENT_SECURITY_POLICY=policy):
            assert [e.id for e in check_content_security_policy()] == ["tremplin.E104"]


class TestTwoFactorCheck:
    def test_current_settings_pass(self):
        assert check_two_factor_middleware() == []

    def test_required_without_middleware_is_an_error(self):
        middleware = [m for m in settings.MIDDLEWARE if "twofactor" not in m]
        with override_settings(MIDDLEWARE=middleware, TREMPLIN_REQUIRE_STAFF_2FA=True):
            assert [e.id for e in check_two_factor_middleware()] == ["tremplin.E111"]

    def test_wrong_order_is_an_error(self):
        middleware = [m for m in settings.MIDDLEWARE if "twofactor" not in m]
        middleware.insert(0, "lms.twofactor.middleware.StaffTwoFactorMiddleware")
        with override_settings(MIDDLEWARE=middleware):
            assert [e.id for e in check_two_factor_middleware()] == ["tremplin.E112"]
