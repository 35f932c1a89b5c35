# Two commands on a fresh machine: `make run` and `make test`. Everything else is built on demand.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 5000
export FLASK_APP := wsgi
# The PostgreSQL server on developers' machines and CI (trust auth, database `test`).
TEST_POSTGRES_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/test

.PHONY: run test test-sqlite test-postgres browsers translations messages lock serve bench bench-kernel bench-http loadtest bench-slow-clients bench-capacity wrk nginx pgbouncer compare-pages clean

# The whole dependency tree, every version pinned with its hashes (make lock writes the files).
$(BIN)/.installed: requirements.lock requirements-dev.lock
	@echo "Creating the virtual environment in $(VENV) and installing the locked dependencies"
	@echo "(requirements-dev.lock, every file checked against its hash; about 40 s the first time)..."
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --progress-bar off --require-hashes -r requirements-dev.lock
	@echo "Dependencies installed."
	touch $@

## make lock: resolve requirements.txt and requirements-dev.txt again into the hashed lock files
## (pip-tools in a virtualenv of its own, .venv-lock); commit the lock files with the change
LOCK_FLAGS := --quiet --generate-hashes --strip-extras --no-emit-index-url --no-emit-find-links
lock:
	$(PYTHON) -m venv .venv-lock
	.venv-lock/bin/python -m pip install --quiet pip-tools==7.6.2
	.venv-lock/bin/pip-compile $(LOCK_FLAGS) --output-file requirements.lock requirements.txt
	.venv-lock/bin/pip-compile $(LOCK_FLAGS) --output-file requirements-dev.lock requirements-dev.txt

# The app also compiles stale catalogs when it starts (quiz/web/i18n.py), so this is only a check.
translations: $(BIN)/.installed
	$(BIN)/pybabel compile -d quiz/translations

## make messages: extract every UI string and merge it into the catalogs; then translate the new
## entries in quiz/translations/*/LC_MESSAGES/messages.po (tests fail while any is untranslated)
messages: $(BIN)/.installed
	$(BIN)/pybabel extract -F babel.cfg -k _l -o quiz/translations/messages.pot --no-location --sort-output --omit-header --no-wrap .
	$(BIN)/pybabel update -i quiz/translations/messages.pot -d quiz/translations --no-fuzzy-matching --no-wrap --ignore-obsolete

## make run: the app on the embedded SQLite database with the content imported, on http://127.0.0.1:$(PORT)
run: $(BIN)/.installed translations
	$(BIN)/flask quiz import
	$(BIN)/flask run --port $(PORT)

## make test: every test, on SQLite and then on PostgreSQL (browser tests use Debian's chromium)
test: test-sqlite test-postgres

test-sqlite: $(BIN)/.installed translations browsers
	$(BIN)/python -m pytest

# The browser tests serve from their own SQLite database whatever TEST_DATABASE_URL says (they test
# what a voter sees), so the PostgreSQL run leaves them to the SQLite run instead of repeating them.
test-postgres: $(BIN)/.installed translations
	TEST_DATABASE_URL=$(TEST_POSTGRES_URL) $(BIN)/python -m pytest --ignore=tests/browser

browsers:
	@sh scripts/ensure-chromium.sh
	@sh scripts/ensure-wordpress.sh

## make serve: production mode, gunicorn with gunicorn.conf.py (workers = CPU cores; PORT, WEB_CONCURRENCY…)
serve: $(BIN)/.installed translations
	$(BIN)/flask quiz import
	PORT=$(PORT) $(BIN)/gunicorn -c gunicorn.conf.py wsgi:app

## make bench: the matching kernel, then the app under gunicorn + wrk, then the 60 s bad-input load.
## Not part of `make test`; numbers and how to read them: docs/BENCHMARKS.md
bench: bench-kernel bench-http loadtest

# One BLAS thread, as each gunicorn worker runs (gunicorn.conf.py), and a warm-up: docs/BENCHMARKS.md.
bench-kernel: $(BIN)/.installed
	OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 $(BIN)/python -m pytest benchmarks/kernel_bench.py -q -p no:cacheprovider \
		--benchmark-warmup=on --benchmark-columns=min,median,mean,max --benchmark-sort=name

bench-http: $(BIN)/.installed translations wrk
	$(BIN)/python -m benchmarks.http_bench --duration 10

loadtest: $(BIN)/.installed translations wrk
	$(BIN)/python -m benchmarks.http_bench --loadtest --duration 60

## make bench-slow-clients: slow clients against gunicorn alone and behind nginx (docs/BENCHMARKS.md)
bench-slow-clients: $(BIN)/.installed translations nginx
	$(BIN)/python -m benchmarks.slow_clients

## make bench-capacity: two app hosts behind nginx, PostgreSQL through PgBouncer, a mixed voter and
## class load (docs/BENCHMARKS.md); POSTGRES_SERVER_URL names the server (default: 127.0.0.1:5432)
bench-capacity: $(BIN)/.installed translations wrk nginx pgbouncer
	$(BIN)/python -m benchmarks.capacity

wrk:
	@sh scripts/ensure-wrk.sh

nginx:
	@sh scripts/ensure-nginx.sh

pgbouncer:
	@sh scripts/ensure-pgbouncer.sh

## make compare-pages BASE=dir: every page recipe (tests/browser/pages.py) and the scores of 600 answer
## sets, snapshotted and diffed against a snapshot made before (scripts/page_snapshots.py --out dir)
compare-pages: $(BIN)/.installed translations
	@test -n "$(BASE)" || { echo "usage: make compare-pages BASE=<dir written by scripts/page_snapshots.py --out>"; exit 2; }
	@sh scripts/ensure-chromium.sh
	$(BIN)/python scripts/page_snapshots.py --compare $(BASE)

clean:
	rm -rf $(VENV) .venv-lock .pytest_cache
