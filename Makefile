# Tremplin — the two commands are `make run` and `make test`; everything else supports them.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
STAMP := $(VENV)/.installed
DEV := DJANGO_SETTINGS_MODULE=lms.settings.dev
TEST := DJANGO_SETTINGS_MODULE=lms.settings.test
HOST ?= 127.0.0.1
PORT ?= 8000
# Two workers: the machines have 2 cores. Override with `make test PYTEST_ARGS=...`.
PYTEST_ARGS ?= -n 2

.PHONY: run test install migrate demo messages compilemessages lint format check serve-prod bench seed-scale clean

$(PY):
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 is required ($(PYTHON) not found). Set PYTHON=/path/to/python3.11."; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): requirements.txt | $(PY)
	$(BIN)/pip install --quiet -r requirements.txt
	@mkdir -p var/static var/media
	@touch $(STAMP)

install: $(STAMP)

# Babel compiles the catalogues in pure Python, so GNU gettext is not needed on the machine.
compilemessages: $(STAMP)
	@for po in $$(find site/locale lms courses assessments content -name '*.po' -path '*LC_MESSAGES*' 2>/dev/null); do \
		$(BIN)/pybabel compile --statistics -i "$$po" -o "$${po%.po}.mo" || exit 1; \
	done

# Regenerate the catalogues after changing user-facing strings (needs GNU gettext's xgettext).
messages: $(STAMP)
	$(DEV) $(PY) manage.py makemessages -l fr -l en --ignore='.venv/*' --ignore='var/*' --no-obsolete

migrate: $(STAMP)
	$(DEV) $(PY) manage.py migrate --no-input

demo: migrate compilemessages
	$(DEV) $(PY) manage.py load_demo

run: demo
	@echo "Tremplin: http://$(HOST):$(PORT)/  (admin: http://$(HOST):$(PORT)/admin/)"
	$(DEV) $(PY) manage.py runserver $(HOST):$(PORT)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

check: $(STAMP)
	$(TEST) $(PY) manage.py makemigrations --check --dry-run

test: lint check compilemessages
	$(TEST) $(BIN)/pytest $(PYTEST_ARGS)

serve-prod: $(STAMP)
	bash bench/serve_prod.sh

seed-scale: $(STAMP)
	$(DEV) $(PY) manage.py seed_scale $(SEED_ARGS)

bench: $(STAMP)
	bash bench/run.sh

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache
