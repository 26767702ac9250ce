"""Submit the bench's 10-question quiz through the real views: SQL queries per submission, submissions/s.

Runs in-process with the test client under the bench settings (one worker, no network), after
``bench.fixtures`` created the quiz: ``python bench/quiz_bench.py --state … --out …``.
"""

import argparse
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SUBMISSIONS = 40


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--state", required=True)
    parser.add_argument("--out", required=True)
    args = parser.parse_args(argv)
    state = json.loads(Path(args.state).read_text())
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import NoReverseMatch, reverse

    page_id = state.get("ids", {}).get("quiz_page_id")
    if page_id is None:
        return
    from assessments.models import Attempt, Question

    try:
        start_url = reverse("assessments:attempt_start", args=[page_id])
    except NoReverseMatch:
        return
    client = Client(HTTP_HOST="127.0.0.1")
    client.cookies["sessionid"] = state["sessions"]["learner"]
    queries, elapsed = [], 0.0
    for _number in range(SUBMISSIONS):
        client.post(start_url)
        attempt = Attempt.objects.filter(assessment_id=page_id).order_by("-pk").first()
        questions = Question.objects.in_bulk(attempt.question_ids)
        data = {"action": "submit"}
        data.update({f"q-{pk}": "true" if q.config["answer"] else "false" for pk, q in questions.items()})
        url = reverse("assessments:attempt_form", args=[attempt.pk])
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as captured:
            response = client.post(url, data)
        elapsed += time.perf_counter() - started
        queries.append(len(captured))
        if response.status_code != 302:
            raise SystemExit(f"submission refused: HTTP {response.status_code}")
    attempt.refresh_from_db()
    result = {
        "submissions": SUBMISSIONS,
        "queries per submission (max)": max(queries),
        "submissions/s (one process)": round(SUBMISSIONS / elapsed, 1),
        "ms per submission": round(elapsed / SUBMISSIONS * 1000, 1),
        "last attempt passed": attempt.passed,
    }
    Path(args.out).write_text(json.dumps(result, indent=2))
    print(result)


if __name__ == "__main__":
    main(sys.argv[1:])
