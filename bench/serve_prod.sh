#!/usr/bin/env bash
# `make serve-prod`: Tremplin with its production settings on this machine — PostgreSQL, Redis,
# gunicorn, a Celery worker and Celery beat — over plain HTTP on 127.0.0.1 (see bench/env.sh for why
# TREMPLIN_LOCAL_HTTP=1 is set). Ctrl-C stops everything it started.
set -euo pipefail
cd "$(dirname "$0")/.."
HOST="${HOST:-127.0.0.1}"
PORT="${PORT:-8000}"

source .ci/services.sh
services_install
services_start
make --no-print-directory install
source bench/env.sh
prod_env_load

PY=.venv/bin/python
$PY manage.py migrate --no-input
$PY manage.py collectstatic --no-input -v0
$PY manage.py setup_site
make --no-print-directory compilemessages >/dev/null

RUN=var/run
# A pid file left by a killed run would stop Celery from starting.
for pidfile in "$RUN"/gunicorn.pid "$RUN"/celery-worker.pid "$RUN"/celery-beat.pid; do
  if [ -s "$pidfile" ] && ! kill -0 "$(cat "$pidfile")" 2>/dev/null; then rm -f "$pidfile"; fi
done
pids=()
stop() {
  trap - INT TERM EXIT
  echo "Stopping Tremplin…"
  for pidfile in "$RUN"/gunicorn.pid "$RUN"/celery-worker.pid "$RUN"/celery-beat.pid; do
    [ -s "$pidfile" ] && kill -TERM "$(cat "$pidfile")" 2>/dev/null || true
  done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -f "$RUN"/gunicorn.pid "$RUN"/celery-worker.pid "$RUN"/celery-beat.pid
}
trap stop INT TERM EXIT

.venv/bin/celery -A lms worker --loglevel=INFO --concurrency="${CELERY_CONCURRENCY:-2}" \
  --pidfile="$RUN/celery-worker.pid" --logfile=var/log/celery-worker.log &
pids+=($!)
.venv/bin/celery -A lms beat --loglevel=INFO --schedule=var/run/celerybeat-schedule \
  --pidfile="$RUN/celery-beat.pid" --logfile=var/log/celery-beat.log &
pids+=($!)
.venv/bin/gunicorn lms.wsgi:application --bind "$HOST:$PORT" --workers "$WEB_CONCURRENCY" \
  --pid "$RUN/gunicorn.pid" --access-logfile - --max-requests 2000 --max-requests-jitter 200 --timeout 30 &
pids+=($!)
echo "Tremplin (production settings, local HTTP): http://$HOST:$PORT/  — $WEB_CONCURRENCY web workers. Ctrl-C stops."
wait -n "${pids[@]}" || true
