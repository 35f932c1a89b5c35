#!/bin/sh
# `make bench` drives the app with Debian's wrk (an HTTP load generator).
set -e
command -v wrk >/dev/null && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Installing Debian's wrk for the benchmarks…"
  apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q wrk >/dev/null
else
  echo "make bench needs wrk: run 'sudo apt-get install wrk'." >&2
  exit 1
fi
