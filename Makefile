# The two commands a newcomer needs: `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
PIP := $(BIN)/pip --disable-pip-version-check --quiet
# A Debian package installed when its command is missing: $(call apt_need,chromium)
apt_need = command -v $(1) >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(1))

.PHONY: run test test-browser screenshots test-postgres test-scaling trust lint format collectstatic clean backup restore

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# The portfolio's PDF export (WeasyPrint) draws text with Pango, a system library: Debian's
# packages bring it when it is missing (as root, like the browser tests' Chromium).
$(VENV)/.system-libraries:
	@ldconfig -p | grep -q libpangoft2-1.0 || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core)
	@mkdir -p $(VENV) && touch $@

# Reinstall when the dependencies change; the stamp files remember what was installed.
$(VENV)/.installed: pyproject.toml setup.py | $(BIN)/python $(VENV)/.system-libraries
	$(PIP) install -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml setup.py | $(BIN)/python $(VENV)/.system-libraries
	$(PIP) install -e '.[test]'
	touch $@ $(VENV)/.installed

# The local demo: DEBUG on, email printed to the console, SQLite in db.sqlite3.
run: export DEBUG ?= true
run: export EMAIL_BACKEND ?= django.core.mail.backends.console.EmailBackend
run: export SITE_URL ?= http://127.0.0.1:$(PORT)
# The local demo lets staff into /admin/ without two-factor authentication; production does not.
run: export STAFF_MUST_USE_TWO_FACTOR ?= false
# No task worker runs locally: search indexing and emails happen at once instead.
run: export TASKS_IMMEDIATE ?= true
run: $(VENV)/.installed
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo_content
	@echo "Serving http://127.0.0.1:$(PORT)/ (Wagtail admin at /admin/). Stop with Ctrl+C."
	@echo "Local demo only: email is printed here, and staff may use /admin/ without two-factor."
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# Tests that share what a module builds once (the demo, a large library) carry an
# `xdist_group` mark: --dist loadgroup keeps each group on one worker, so it is built once,
# and spreads every other test over the workers one by one.
TEST_ARGS := -m "not browser and not scaling and not trust_long and not lint" -n auto --dist loadgroup

test: $(VENV)/.installed-test
	$(BIN)/pytest $(TEST_ARGS) $(PYTEST_ARGS)

test-postgres: export DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/test
test-postgres: $(VENV)/.installed-test
	$(BIN)/pytest $(TEST_ARGS) $(PYTEST_ARGS)

# Browser journeys in Debian's Chromium (installed with apt-get when missing), and the Nu HTML
# Checker over a crawl of the site (vnu-jar from npm, run with the machine's Java).
tests/browser/node_modules/.installed: tests/browser/package.json tests/browser/package-lock.json
	npm ci --prefix tests/browser --no-audit --no-fund --loglevel=error
	touch $@

test-browser: $(VENV)/.installed-test tests/browser/node_modules/.installed
	@$(call apt_need,chromium)
	$(BIN)/pytest -m browser $(PYTEST_ARGS)

# The main pages at 360 and 1280 px, into screenshots/ for review.
screenshots: $(VENV)/.installed-test
	@$(call apt_need,chromium)
	SCREENSHOTS_DIR=$(CURDIR)/screenshots $(BIN)/pytest -m browser tests/browser/test_screenshots.py $(PYTEST_ARGS)
	@echo "Screenshots in screenshots/"

# Beyond one machine (docs/scaling.md): two gunicorn instances and two task workers, real
# processes sharing one PostgreSQL (databases scaling_a and scaling_b) and one Redis (db 7).
test-scaling: $(VENV)/.installed-test
	$(BIN)/pytest -m scaling tests/scaling $(PYTEST_ARGS)

# Trust (#8): the trust tests on PostgreSQL, the long races and the load test included, then
# docs/trust-report.md from the figures they recorded (tests/trust/report.py).
trust: export DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/test
trust: $(VENV)/.installed-test
	rm -rf .trust
	TRUST_RESULTS=$(CURDIR)/.trust TRUST_LONG=1 $(BIN)/pytest -m "not browser and not scaling" tests/trust --ignore=tests/trust/test_load.py -n auto --dist loadgroup $(PYTEST_ARGS); \
	  status=$$?; \
	  TRUST_RESULTS=$(CURDIR)/.trust $(BIN)/pytest -m trust_long tests/trust/test_load.py -n 0 $(PYTEST_ARGS) || status=1; \
	  $(BIN)/python -m tests.trust.report .trust docs/trust-report.md $$status

# The page benchmark (bench/pages.py, issue #7): the demo and a large community, measured
# in-process and with wrk and Lighthouse against gunicorn on 127.0.0.1; writes bench/results.md.
# BENCH_SCALE=0.01 seeds a small community for a quick run; see bench/README.md for the rest.
.PHONY: bench
bench/node_modules/.installed: bench/package.json bench/package-lock.json
	npm ci --prefix bench --no-audit --no-fund --loglevel=error
	touch $@

bench: $(VENV)/.installed bench/node_modules/.installed
	@$(call apt_need,wrk)
	@$(call apt_need,chromium)
	$(BIN)/python bench/pages.py

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/pytest -m lint -n 0 -q tests/trust/test_static_checks.py $(PYTEST_ARGS)

format: $(VENV)/.installed-test
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Backups (README, "Operations"): the database and the media folders in one backup-<time> folder
# in BACKUP_DIR (default backups/). The work is in manage.py commands (convening/shared/backups.py),
# which read the same settings as the site and refuse with a clear message.
backup: $(VENV)/.installed
	$(BIN)/python manage.py backup_site

# make restore BACKUP=backups/backup-<time>; over a database that has tables, also REPLACE=yes.
restore: $(VENV)/.installed
	@test -n "$(BACKUP)" || (echo "Say which backup: make restore BACKUP=backups/backup-<time> (ls $${BACKUP_DIR:-backups})" >&2; exit 2)
	$(BIN)/python manage.py restore_site "$(BACKUP)" $(if $(filter yes,$(REPLACE)),--replace)

collectstatic: $(VENV)/.installed
	$(BIN)/python manage.py collectstatic --noinput

clean:
	rm -rf $(VENV) staticfiles *.egg-info
