import pytest

from lms.portfolio.templatetags.portfolio_tags import get_item, http_url, iso_date, opinion_label, portfolio_rich


class TestPortfolioTags:
    @pytest.mark.parametrize(
        ("value", "expected"),
        [
            ("https://tremplin.example/attestations/x/", "https://tremplin.example/attestations/x/"),
            ("http://testserver/badges/assertions/1/", "http://testserver/badges/assertions/1/"),
            ("javascript:alert(1)", ""),
            ("file:///etc/passwd", ""),
            ("//evil.example/x", ""),
            ("/relative/", ""),
            (None, ""),
        ],
    )
    def test_http_url_keeps_only_absolute_web_links(self, value, expected):
        assert http_url(value) == expected

    def test_portfolio_rich_sanitises_again_on_the_way_out(self):
        assert portfolio_rich('<p>ok</p><img src="file:///etc/passwd"><script>x</script>') == "<p>ok</p>"

    def test_iso_date(self):
        assert iso_date("2025-03-12") == "12/03/2025"
        assert iso_date("mars 2025") == "mars 2025"

    def test_lookups(self):
        assert get_item({1: "a"}, 1) == "a" and get_item(None, 1) is None
        assert opinion_label("to_deepen") == "à approfondir" and opinion_label("x") == ""
