#!/bin/sh
# benchmarks/capacity.py puts Debian's PgBouncer (transaction pooling) between the app hosts and
# PostgreSQL. It starts its own pgbouncer on 127.0.0.1 with a configuration file of its own; the
# system's pgbouncer service is not used (stopped if the install started it).
set -e
[ -x /usr/sbin/pgbouncer ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Installing Debian's pgbouncer for the capacity benchmark…"
  apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends pgbouncer >/dev/null
  if [ -f /run/postgresql/pgbouncer.pid ]; then kill "$(cat /run/postgresql/pgbouncer.pid)" || true; fi
else
  echo "The capacity benchmark needs Debian's pgbouncer: run 'sudo apt-get install --no-install-recommends pgbouncer'." >&2
  exit 1
fi
