# Production environment for a local run (make serve-prod, make bench). Sourced, not executed.
# The secret key is generated once into var/prod.env (mode 600, never committed: var/ is ignored by git).
# TREMPLIN_LOCAL_HTTP=1 relaxes secure-only cookies and the HTTPS redirect because nothing terminates TLS
# on 127.0.0.1: it is for this local use only, and the settings refuse it for any other host name.

prod_env_load() {
  local root env_file
  root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
  env_file="$root/var/prod.env"
  mkdir -p "$root/var/run" "$root/var/log"
  if [ ! -s "$env_file" ]; then
    (umask 077 && printf 'SECRET_KEY=%s\n' "$("$root/.venv/bin/python" -c 'import secrets; print(secrets.token_urlsafe(64))')" >"$env_file")
  fi
  chmod 600 "$env_file"
  set -a
  # shellcheck disable=SC1090
  . "$env_file"
  set +a
  export DJANGO_SETTINGS_MODULE="${DJANGO_SETTINGS_MODULE:-lms.settings.production}"
  export ALLOWED_HOSTS="${ALLOWED_HOSTS:-127.0.0.1,localhost}"
  export DATABASE_URL="${DATABASE_URL:-postgres://tremplin:tremplin@127.0.0.1:5432/tremplin}"
  export REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379/1}"
  export CELERY_BROKER_URL="${CELERY_BROKER_URL:-redis://127.0.0.1:6379/0}"
  export SITE_URL="${SITE_URL:-http://127.0.0.1:${PORT:-8000}}"
  export SECURE_SSL_REDIRECT=false
  export TREMPLIN_LOCAL_HTTP=1
  export EMAIL_BACKEND="${EMAIL_BACKEND:-django.core.mail.backends.console.EmailBackend}"
  export WEB_CONCURRENCY="${WEB_CONCURRENCY:-$(( 2 * $(nproc) + 1 ))}"
}
