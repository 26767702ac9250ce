# Install (Debian packages) and start the services Tremplin's CI and `make serve-prod` need.
# Sourced by .ci/run and bench/serve_prod.sh; idempotent.

services_install() {
  local missing=()
  command -v pg_ctlcluster >/dev/null 2>&1 || missing+=(postgresql)
  command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  [ -x /usr/bin/chromedriver ] || missing+=(chromium-driver)
  [ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing+=(fonts-dejavu-core)
  command -v wrk >/dev/null 2>&1 || missing+=(wrk)
  command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
  if [ ${#missing[@]} -gt 0 ]; then
    echo "Installing: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
}

services_start() {
  # PostgreSQL: the Debian cluster, a role and a database for Tremplin (CREATEDB for the test database).
  local version
  version=$(ls /etc/postgresql | sort -n | tail -1)
  if ! pg_lsclusters -h | awk '{print $4}' | grep -q online; then
    pg_ctlcluster "$version" main start
  fi
  for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 && break; sleep 1; done
  su postgres -c "psql -tAc \"SELECT 1 FROM pg_roles WHERE rolname='tremplin'\"" | grep -q 1 ||
    su postgres -c "psql -qc \"CREATE ROLE tremplin LOGIN PASSWORD 'tremplin' CREATEDB\""
  su postgres -c "psql -tAc \"SELECT 1 FROM pg_database WHERE datname='tremplin'\"" | grep -q 1 ||
    su postgres -c "createdb -O tremplin tremplin"

  # Redis on loopback only.
  if ! redis-cli -p 6379 ping >/dev/null 2>&1; then
    redis-server --bind 127.0.0.1 --port 6379 --daemonize yes --save "" --appendonly no
  fi
  for _ in $(seq 1 30); do redis-cli -p 6379 ping >/dev/null 2>&1 && break; sleep 1; done
}
