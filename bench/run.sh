#!/usr/bin/env bash
# `make bench`: measure Tremplin under its production settings on this machine, in two phases on a
# throw-away PostgreSQL database (tremplin_bench): a small data set, then the 40,000-learner one.
# Prints a Markdown table and writes bench/RESULTS.md. About 10-15 minutes on 2 cores.
#   BENCH_LEARNERS / BENCH_RECORDS   size of the large phase (default 40000 / 2000000)
#   BENCH_SKIP_LARGE=1               measure the small phase only
set -euo pipefail
cd "$(dirname "$0")/.."
started=$(date +%s)
# A free port, so the bench never collides with a server someone else runs on this machine.
BENCH_PORT="${BENCH_PORT:-$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}"
BENCH_DB=tremplin_bench
OUT=var/bench
LEARNERS="${BENCH_LEARNERS:-40000}"
RECORDS="${BENCH_RECORDS:-2000000}"

source .ci/services.sh
services_install   # PostgreSQL, Redis and wrk from Debian packages when absent
services_start
make --no-print-directory install compilemessages >/dev/null
export PORT="$BENCH_PORT"
export DATABASE_URL="postgres://tremplin:tremplin@127.0.0.1:5432/$BENCH_DB"
export REDIS_URL="redis://127.0.0.1:6379/5"   # a database of its own, flushed below
export CELERY_BROKER_URL="redis://127.0.0.1:6379/6"
source bench/env.sh
prod_env_load
export DJANGO_SETTINGS_MODULE=bench.settings
PY=.venv/bin/python
mkdir -p "$OUT"
rm -f "$OUT"/*.json
printf '{"workers": %s, "wrk": ["-t2", "-c16", "-d10s"], "load_before": "%s"}\n' "$WEB_CONCURRENCY" \
  "$(cut -d' ' -f1-3 /proc/loadavg)" >"$OUT/meta.json"

server_pid=""
stop_server() {
  if [ -n "$server_pid" ]; then
    kill -TERM "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
    server_pid=""
  fi
}
trap stop_server EXIT INT TERM

fresh_database() {
  stop_server
  redis-cli -n 5 flushdb >/dev/null
  su postgres -c "dropdb --if-exists $BENCH_DB"
  su postgres -c "createdb -O tremplin $BENCH_DB"
  if [ -n "${template_ready:-}" ]; then return; fi
  $PY manage.py migrate --no-input -v0
  $PY manage.py collectstatic --no-input -v0
  $PY manage.py import_frameworks >/dev/null
  # Later phases start from this migrated database instead of migrating again.
  su postgres -c "dropdb --if-exists ${BENCH_DB}_template"
  su postgres -c "psql -qc 'ALTER DATABASE $BENCH_DB RENAME TO ${BENCH_DB}_template'"
  su postgres -c "createdb -O tremplin -T ${BENCH_DB}_template $BENCH_DB"
  template_ready=1
}

clone_database() {
  stop_server
  redis-cli -n 5 flushdb >/dev/null
  su postgres -c "dropdb --if-exists $BENCH_DB"
  su postgres -c "createdb -O tremplin -T ${BENCH_DB}_template $BENCH_DB"
}

start_server() {
  if curl -s -o /dev/null "http://127.0.0.1:$BENCH_PORT/"; then
    echo "Port $BENCH_PORT is already taken: set BENCH_PORT to a free port."; exit 1
  fi
  .venv/bin/gunicorn lms.wsgi:application --bind "127.0.0.1:$BENCH_PORT" --workers "$WEB_CONCURRENCY" \
    --log-level warning --access-logfile /dev/null --timeout 60 &
  server_pid=$!
  for _ in $(seq 1 60); do
    curl -fs "http://127.0.0.1:$BENCH_PORT/bench/hello/" >/dev/null 2>&1 && return
    sleep 0.5
  done
  echo "gunicorn did not start"; exit 1
}

phase() {  # phase NAME LEARNERS RECORDS
  local name=$1
  echo "== Phase '$name': $2 learners, $3 statements"
  DJANGO_SETTINGS_MODULE=lms.settings.dev $PY -m bench.fixtures --learners "$2" --records "$3" \
    --out "$OUT/state-$name.json"
  $PY -m bench.measure queries --state "$OUT/state-$name.json" --out "$OUT/queries-$name.json"
  start_server
  $PY -m bench.measure http --state "$OUT/state-$name.json" --base "http://127.0.0.1:$BENCH_PORT" \
    --out "$OUT/http-$name.json"
  stop_server
  $PY bench/quiz_bench.py --state "$OUT/state-$name.json" --out "$OUT/quiz-$name.json" \
    || echo "bench/quiz_bench.py failed (see above)"
}

echo "== Fresh database $BENCH_DB"
fresh_database
phase small 200 5000
if [ -z "${BENCH_SKIP_LARGE:-}" ]; then
  clone_database
  phase large "$LEARNERS" "$RECORDS"
fi
su postgres -c "dropdb --if-exists ${BENCH_DB}_template"

# Portfolio PDF: its own script (fresh process per rendering, no server needed).
if [ -f bench/pdf_bench.py ]; then
  $PY bench/pdf_bench.py --runs 5 >"$OUT/pdf.md" || echo "bench/pdf_bench.py failed (see above)"
fi
# Badge awards through a real worker (Redis + its own Celery worker, on a throwaway database).
if [ -f bench/badges_bench.py ]; then
  $PY bench/badges_bench.py >"$OUT/badges.md" || echo "bench/badges_bench.py failed (see above)"
fi

$PY -m bench.report --dir "$OUT" --out bench/RESULTS.md
echo "Bench finished in $(( $(date +%s) - started )) s; results in bench/RESULTS.md"
