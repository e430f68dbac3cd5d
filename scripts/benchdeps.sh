#!/usr/bin/env bash
# Installs what the benchmarks need beyond `make test` when it is missing (Debian, as root):
# wrk, the HTTP load generator bench/api_bench.py drives the server with.
set -euo pipefail
need=()
command -v wrk >/dev/null || need+=(wrk)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "missing system packages: ${need[*]} (install them, or run as root)" >&2
    exit 1
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi
