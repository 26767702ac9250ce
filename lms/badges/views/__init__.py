"""Views of the badges app: public documents, the learner's page, the trainers' pages."""
