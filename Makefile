# The two commands a newcomer needs: `make run` and `make test`. Both set everything up first.
.DEFAULT_GOAL := help
.PHONY: help install run demo test lint clean release serve

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DEV := DJANGO_DEBUG=true
HOST ?= 127.0.0.1
PORT ?= 8000

help:
	@echo "make run   set up (virtualenv, npm packages, database, principle sets, demo data) and start the app"
	@echo "make test  set up and run the whole test suite (SQLite, or PostgreSQL when DATABASE_URL is set)"
	@echo "make lint  check the code with ruff"
	@echo "make serve production: collect static files, run the release step, start gunicorn"

$(VENV)/.installed: pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(None if sys.version_info >= (3, 12) else "Python 3.12 or newer is needed, found " + sys.version.split()[0] + ". Install it (pyenv reads .python-version) or run: make PYTHON=python3.12 ...")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet ".[dev]"
	@touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

static/dist/app.css: node_modules/.installed $(wildcard static/scss/*.scss)
	npm run --silent build

install: $(VENV)/.installed static/dist/app.css

demo: install
	@mkdir -p var
	$(DEV) $(BIN)/python manage.py release
	$(DEV) $(BIN)/python manage.py setup_demo

run: demo
	$(DEV) $(BIN)/python manage.py runserver $(HOST):$(PORT)

test: install
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# Production: needs DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS and DATABASE_URL in the environment.
release: install
	$(BIN)/python manage.py collectstatic --no-input --verbosity 0
	$(BIN)/python manage.py release

serve: release
	$(BIN)/gunicorn -c python:integrated_care.gunicorn integrated_care.wsgi

lint: install
	$(BIN)/ruff check .

clean:
	rm -rf $(VENV) node_modules static/dist staticfiles
