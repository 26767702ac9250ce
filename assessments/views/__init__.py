"""Views of the assessments app: learners' attempts, trainers' grading, authors' statistics."""
