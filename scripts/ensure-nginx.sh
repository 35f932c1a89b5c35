#!/bin/sh
# benchmarks/slow_clients.py and benchmarks/capacity.py put Debian's nginx in front of gunicorn, with
# the configuration docs/DEPLOY.md documents. They start their own nginx on 127.0.0.1 with a
# configuration file of their own; the system's nginx service is not used (stopped if the install
# started it).
set -e
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Installing Debian's nginx for the benchmarks…"
  apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends nginx >/dev/null
  if [ -f /run/nginx.pid ]; then /usr/sbin/nginx -s stop || true; fi
else
  echo "The benchmarks need Debian's nginx: run 'sudo apt-get install --no-install-recommends nginx'." >&2
  exit 1
fi
