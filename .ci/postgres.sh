#!/usr/bin/env bash
# Make sure a PostgreSQL server runs on 127.0.0.1:5432 with the role and the
# database the tests use, installing and starting one on a fresh Debian
# machine if need be, and set SAMSKAP_POSTGRES_URL. Prints nothing but
# errors. Source it so the variable stays set:
#
#   source .ci/postgres.sh && SAMSKAP_REQUIRE_POSTGRES=1 go test ./server/postgres/...
#
# The caller has run apt-get update. The role has a password because
# Debian's default pg_hba.conf asks for one on TCP connections.

samskap_postgres_url=postgres://samskap:samskap@127.0.0.1:5432/samskap_test

# In a subshell, so that its shell options and failures do not reach a shell
# that sources this file.
(
  set -euo pipefail
  export DEBIAN_FRONTEND=noninteractive
  sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"

  ready() { command -v pg_isready >/dev/null && pg_isready -q -h 127.0.0.1 -p 5432; }

  as_postgres() {
    if [ "$(id -u)" = 0 ]; then
      runuser -u postgres -- "$@"
    else
      sudo -u postgres -- "$@"
    fi
  }

  if ! ready; then
    if ! compgen -G "/etc/postgresql/*/main" >/dev/null; then
      $sudo apt-get install -y -qq --no-install-recommends postgresql >/dev/null
    fi
    version=$(ls /etc/postgresql | sort -V | tail -n 1)
    # The package may have started the cluster already; exit code 3 is
    # "not running".
    if ! $sudo pg_ctlcluster "$version" main status >/dev/null 2>&1; then
      $sudo pg_ctlcluster --skip-systemctl-redirect "$version" main start >/dev/null
    fi
    for _ in $(seq 60); do
      ready && break
      sleep 0.5
    done
    if ! ready; then
      echo "postgres.sh: PostgreSQL $version does not accept connections on 127.0.0.1:5432" >&2
      exit 1
    fi
  fi

  # Idempotent: the role gets its settings back if they were changed.
  as_postgres psql -qAtX -v ON_ERROR_STOP=1 >/dev/null <<'SQL'
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'samskap') THEN
    CREATE ROLE samskap;
  END IF;
END
$$;
ALTER ROLE samskap LOGIN CREATEDB PASSWORD 'samskap';
-- UTF8 whatever the machine's locale; the C locale goes with any encoding.
SELECT 'CREATE DATABASE samskap_test OWNER samskap ENCODING ''UTF8'' LOCALE ''C'' TEMPLATE template0'
WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'samskap_test')
\gexec
SQL
)
samskap_postgres_status=$?

if [ "$samskap_postgres_status" = 0 ]; then
  export SAMSKAP_POSTGRES_URL=$samskap_postgres_url
else
  echo "postgres.sh: PostgreSQL is not ready" >&2
fi
unset samskap_postgres_url
# return when sourced, exit when run.
return "$samskap_postgres_status" 2>/dev/null || exit "$samskap_postgres_status"
