"""Page objects for the browser tests: one class per screen, so journeys read as a person's steps.

Extend here when new screens arrive (learner dashboard, quiz, portfolio, jury): add a class with the
actions a person takes and the facts a test checks, and keep selectors out of the tests.
"""

from dataclasses import dataclass, field

from playwright.sync_api import Page

CANARY_SCRIPT = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__cspViolations.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline'));
});
"""


@dataclass
class ScriptGuard:
    """Watch a page for hostile script: dialogs opened, the ``window.__xss`` canary, CSP reports."""

    page: Page
    dialogs: list[str] = field(default_factory=list)

    def __post_init__(self):
        self.page.on("dialog", self._on_dialog)
        # Added through the DevTools protocol, not the page: the CSP does not apply to it.
        self.page.add_init_script(CANARY_SCRIPT)

    def _on_dialog(self, dialog):
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def canary(self):
        return self.page.evaluate("typeof window.__xss === 'undefined' ? null : window.__xss")

    def csp_violations(self) -> list[str]:
        return self.page.evaluate("window.__cspViolations || []")

    def assert_nothing_ran(self, where: str = "") -> None:
        assert self.dialogs == [], f"{where}: dialogs opened {self.dialogs}"
        assert self.canary() is None, f"{where}: window.__xss was set to {self.canary()!r}"


class SitePage:
    def __init__(self, page: Page):
        self.page = page

    def open(self, path: str):
        response = self.page.goto(path)
        assert response is not None and response.ok, f"{path}: HTTP {response.status if response else '?'}"
        return self

    def heading(self) -> str:
        return self.page.locator("h1").first.inner_text()

    def focused(self) -> dict:
        return self.page.evaluate(
            "() => { const e = document.activeElement; return {tag: e.tagName.toLowerCase(), id: e.id,"
            " name: e.getAttribute('name'), text: (e.innerText || '').trim().slice(0, 80),"
            " role: e.getAttribute('role')}; }"
        )

    def tab_until(self, predicate, *, limit: int = 60) -> dict:
        """Press Tab until ``predicate(focused)`` holds; fail if the element is not reachable."""
        for _ in range(limit):
            self.page.keyboard.press("Tab")
            focused = self.focused()
            if predicate(focused):
                return focused
        raise AssertionError(f"not reachable with Tab within {limit} presses")

    def logout(self):
        self.page.get_by_role("button", name="Se déconnecter").click()


class LoginPage(SitePage):
    PATH = "/compte/connexion/"

    def open(self, path: str = PATH):
        return super().open(path)

    def submit(self, email: str, password: str):
        self.page.get_by_label("Adresse e-mail").fill(email)
        self.page.get_by_label("Mot de passe", exact=False).first.fill(password)
        with self.page.expect_navigation():
            self.page.locator("main form").get_by_role("button", name="Se connecter").click()
        return self

    def submit_empty(self):
        with self.page.expect_navigation():
            self.page.locator("main form").get_by_role("button", name="Se connecter").click()
        return self

    def error_summary(self):
        return self.page.locator(".form-errors")


def sign_in(page: Page, email: str, password: str) -> SitePage:
    """Sign in through the site's form and check that it worked."""
    LoginPage(page).open().submit(email, password)
    assert LoginPage.PATH not in page.url, f"login of {email} refused"
    return SitePage(page)


def messages(page: Page) -> str:
    """Return the text of the page's flash messages (empty when there are none)."""
    box = page.locator(".messages")
    return box.inner_text() if box.count() else ""


class ProfilePage(SitePage):
    PATH = "/compte/profil/"

    def open(self, path: str = PATH):
        return super().open(path)

    def save(self, **fields: str):
        """Fill the named profile fields (form field names) and save."""
        for name, value in fields.items():
            self.page.locator(f"#id_{name}").fill(value)
        with self.page.expect_navigation():
            self.page.locator("main form").get_by_role("button", name="Enregistrer").click()
        return self


class CataloguePage(SitePage):
    PATH = "/formations/"

    def open(self, path: str = PATH):
        return super().open(path)

    def course_titles(self) -> list[str]:
        return [title.strip() for title in self.page.locator(".course-card h2").all_inner_texts()]

    def filter_by_block_with_keyboard(self, option_text: str):
        """Reach the block filter with Tab, choose ``option_text`` with the keyboard, submit with Enter."""
        self.tab_until(lambda f: f["id"] == "id_block")
        select = self.page.locator("#id_block")
        values = select.locator("option").evaluate_all("(os) => os.map(o => [o.value, o.textContent.trim()])")
        target = next(index for index, (_value, text) in enumerate(values) if text == option_text)
        current = select.evaluate("(s) => s.selectedIndex")
        for _ in range(target - current):
            self.page.keyboard.press("ArrowDown")
        assert select.evaluate("(s) => s.options[s.selectedIndex].textContent.trim()") == option_text
        self.tab_until(lambda f: f["tag"] == "button" and f["text"] == "Filtrer")
        with self.page.expect_navigation():
            self.page.keyboard.press("Enter")
        return self


class AdminSession(SitePage):
    """The Wagtail admin as one person uses it."""

    def login(self, email: str, password: str):
        self.open("/admin/login/")
        self.page.locator("#id_username").fill(email)
        self.page.locator("#id_password").fill(password)
        with self.page.expect_navigation():
            self.page.locator("form button[type=submit]").first.click()
        assert "/admin/login/" not in self.page.url, "admin login failed"
        return self

    def edit(self, page_id: int):
        return AdminEditor(self.page).open(f"/admin/pages/{page_id}/edit/")


class AdminEditor(SitePage):
    def set_title(self, title: str):
        self.page.locator("#id_title").fill(title)
        return self

    def _more_actions(self):
        self.page.locator('footer .w-dropdown-button [data-w-dropdown-target="toggle"]').click()

    def submit_for_moderation(self):
        self._more_actions()
        with self.page.expect_navigation():
            self.page.locator('button[name="action-submit"]').click()
        return self

    def approve(self):
        self._more_actions()
        with self.page.expect_navigation():
            self.page.locator(
                'button[data-workflow-action-name="approve"]:not([data-workflow-action-modal-url])'
            ).click()
        return self

    def messages(self) -> str:
        return self.page.locator(".messages").inner_text()
