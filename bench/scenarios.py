"""What the bench measures: one entry per page, with its target.

``bench.fixtures`` writes ``var/bench/state.json``: the path of each entry (absent while the page does not
exist yet) and the session cookie of each bench user. Adding a page to the bench is adding an entry here
and its path in ``bench.fixtures``.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Scenario:
    key: str
    label: str
    user: str | None = None  # key of a session in state["sessions"], None for anonymous
    reference: str | None = None  # "wagtail" or "hello": report requests/s as a ratio to it
    min_ratio: float | None = None
    max_queries: int | None = None
    max_single_ms: float | None = None
    large_phase: bool = True  # measured again on the 40,000-learner data set
    method: str = "GET"


SCENARIOS = [
    Scenario("hello", "Reference: bare Django view (`/bench/hello/`)", large_phase=True),
    Scenario("wagtail", "Reference: minimal Wagtail page (home page, one paragraph)", reference="hello"),
    Scenario(
        "lesson_5",
        "Lesson page, enrolled learner, progress navigation (5 lessons)",
        user="learner",
        reference="wagtail",
        min_ratio=0.75,
        max_queries=10,
    ),
    Scenario(
        "lesson_50",
        "Lesson page, enrolled learner, progress navigation (50 lessons)",
        user="learner",
        reference="wagtail",
        min_ratio=0.75,
        max_queries=10,
    ),
    Scenario("catalogue", "Catalogue, anonymous, 200+ courses (page cache)", reference="wagtail", min_ratio=1.0),
    Scenario(
        "catalogue_filtered",
        "Catalogue filtered (`?modality=online&level=beginner`), anonymous",
        reference="wagtail",
        min_ratio=1.0,
    ),
    Scenario("course", "Course presentation page, anonymous (page cache)", reference="wagtail", min_ratio=1.0),
    Scenario(
        "dashboard",
        "Learner dashboard « Mon parcours » (20 courses, 500 records)",
        user="learner",
        reference="wagtail",
        min_ratio=0.5,
    ),
    Scenario("quiz_submit", "Submitting a 10-question quiz", user="learner", max_queries=25, method="POST"),
    Scenario("coordination", "Coordinator statistics page", user="coordinator", max_single_ms=300),
]

SCENARIOS_BY_KEY = {scenario.key: scenario for scenario in SCENARIOS}
