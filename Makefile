# The two commands a newcomer needs: `make run` and `make test`. Both set everything up first.
.DEFAULT_GOAL := help
.PHONY: help install run demo reset-demo test lint lock clean release serve worker

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Links in the demo's emails and the address setup_demo prints follow HOST and PORT.
DEV = DJANGO_DEBUG=true SITE_URL=$${SITE_URL:-http://$(HOST):$(PORT)}
HOST ?= 127.0.0.1
PORT ?= 8000

# The lock files: exact versions with hashes, made from pyproject.toml by `make lock`.
LOCK := requirements.txt
DEV_LOCK := requirements-dev.txt
# uv makes the lock files; it lives in a virtualenv of its own, apart from the app's.
UV_VERSION := 0.13.9
LOCK_VENV := .venv-lock
UV := $(LOCK_VENV)/bin/uv
UV_COMPILE := $(UV) pip compile pyproject.toml --quiet --generate-hashes \
	--python-version 3.12 --python-platform x86_64-unknown-linux-gnu \
	--custom-compile-command "make lock"

help:
	@echo "make run         set up (virtualenv, npm packages, database, principle sets, demo data) and start the app"
	@echo "make test        set up and run the whole test suite (SQLite, or PostgreSQL when DATABASE_URL is set)"
	@echo "make lint        check the code with ruff"
	@echo "make reset-demo  delete the local SQLite database and start again with fresh demo data"
	@echo "make lock        update $(LOCK) and $(DEV_LOCK) after changing dependencies in pyproject.toml"
	@echo "                 (make lock LOCK_ARGS=--upgrade moves every package to its newest allowed version)"
	@echo "make serve       production: collect static files, run the release step, start gunicorn"
	@echo "make worker      production: start a background worker that sends the emails (run one or more)"

# Installs exactly what the lock file pins (hash-checked). The project itself is not
# installed: it has no packages to install (pyproject.toml: packages = []).
$(VENV)/.installed: $(DEV_LOCK) pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(None if sys.version_info >= (3, 12) else "Python 3.12 or newer is needed, found " + sys.version.split()[0] + ". Install it (pyenv reads .python-version) or run: make PYTHON=python3.12 ...")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes -r $(DEV_LOCK)
	@$(BIN)/python -c "$$CHECK_LOCK"
	@touch $@

# Fails, saying what to do, when pyproject.toml asks for a package or version that the lock
# file does not pin (someone changed the dependencies without running `make lock`).
define CHECK_LOCK
import re, sys, tomllib
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
project = tomllib.load(open("pyproject.toml", "rb"))["project"]
wanted = project["dependencies"] + project.get("optional-dependencies", {}).get("dev", [])
pinned = {}
for line in open("$(DEV_LOCK)"):
    match = re.match(r"([A-Za-z0-9._-]+)(\[[^]]*\])?==([^ ;\\]+)", line)
    if match:
        pinned[canonicalize_name(match[1])] = match[3]
stale = []
for text in wanted:
    requirement = Requirement(text)
    if requirement.marker and not requirement.marker.evaluate():
        continue
    version = pinned.get(canonicalize_name(requirement.name))
    if version is None or not requirement.specifier.contains(version, prereleases=True):
        stale.append(f"  {text} (the lock file has {version or 'nothing'})")
if stale:
    sys.exit("pyproject.toml asks for what $(DEV_LOCK) does not pin:\n" + "\n".join(stale)
             + "\nRun `make lock` and commit pyproject.toml with $(LOCK) and $(DEV_LOCK).")
endef
export CHECK_LOCK

$(LOCK_VENV)/.uv-$(UV_VERSION):
	$(PYTHON) -m venv $(LOCK_VENV)
	$(LOCK_VENV)/bin/python -m pip install --quiet uv==$(UV_VERSION)
	@touch $@

# Keeps the versions already pinned unless pyproject.toml rules them out; pass
# LOCK_ARGS=--upgrade (or LOCK_ARGS="--upgrade-package django") to move to newer releases.
# The dev lock is constrained by the runtime one, so both pin the same versions.
lock: $(LOCK_VENV)/.uv-$(UV_VERSION)
	$(UV_COMPILE) $(LOCK_ARGS) --output-file $(LOCK)
	$(UV_COMPILE) $(LOCK_ARGS) --extra dev --constraints $(LOCK) --output-file $(DEV_LOCK)

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

# In development emails are sent as soon as each change is saved (no worker needed) and
# written to files under var/mail/ (settings.py: DJANGO_TASKS_BACKEND, MAILERS).
run: demo
	@echo "Emails the app sends are written to $${DJANGO_VAR_DIR:-var}/mail/"
	$(DEV) $(BIN)/python manage.py runserver $(HOST):$(PORT)

# Deletes the SQLite database that settings.py would use (var/db.sqlite3, or under
# DJANGO_VAR_DIR), then does what `make demo` does. Refuses any other database.
reset-demo: install
	@$(DEV) $(BIN)/python -c "$$DELETE_LOCAL_DATABASE"
	@$(MAKE) --no-print-directory demo

define DELETE_LOCAL_DATABASE
import os, sys
from pathlib import Path
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "integrated_care.settings")
from django.conf import settings
database = settings.DATABASES["default"]
if database["ENGINE"] != "django.db.backends.sqlite3":
    name = database.get("NAME") or "DATABASE"
    options = " ".join(
        f"{flag} {database[key]}"
        for flag, key in (("-h", "HOST"), ("-p", "PORT"), ("-U", "USER"))
        if database.get(key)
    )
    options = options + " " if options else ""
    vendor = database["ENGINE"].rsplit(".", 1)[-1].replace("postgresql", "PostgreSQL")
    sys.exit(
        f"make reset-demo deletes only a local SQLite database, but DATABASE_URL points at "
        f"the {vendor} database {name!r}: nothing was deleted.\n"
        f"To start again with fresh demo data, drop and recreate it yourself, then run make demo:\n"
        f"  dropdb {options}{name} && createdb {options}{name} && make demo"
    )
path = str(database["NAME"])
if path == ":memory:" or path.startswith("file:"):
    sys.exit(f"make reset-demo: {path!r} is not a database file; nothing was deleted.")
deleted = [p for p in (path, path + "-journal", path + "-wal", path + "-shm") if os.path.exists(p)]
for p in deleted:
    Path(p).unlink()
print(f"Deleted {path}" if deleted else f"No database at {path}: nothing to delete")
endef
export DELETE_LOCAL_DATABASE

test: install
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# Production: needs DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS and DATABASE_URL in the environment.
release: install
	$(BIN)/python manage.py collectstatic --no-input --verbosity 0
	$(BIN)/python manage.py release

serve: release
	$(BIN)/gunicorn -c python:integrated_care.gunicorn integrated_care.wsgi

# Production: sends the emails the app servers queue in the database. Run it beside
# `make serve` (after its release step), on any number of machines.
worker: install
	$(BIN)/python manage.py db_worker --no-reload

lint: install
	$(BIN)/ruff check .

clean:
	rm -rf $(VENV) $(LOCK_VENV) node_modules static/dist staticfiles
