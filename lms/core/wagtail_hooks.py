from django.templatetags.static import static
from django.utils.html import format_html
from wagtail import hooks


@hooks.register("insert_global_admin_js")
def date_choosers_without_inline_script():
    """Load the script that opens Wagtail's date pickers, whose own inline script the CSP blocks."""
    return format_html('<script src="{}" defer></script>', static("js/admin-date-choosers.js"))
