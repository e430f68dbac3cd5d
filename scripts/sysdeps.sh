#!/usr/bin/env bash
# Installs the system packages the project needs when they are missing (Debian, as root).
# Java (for the Spark engine and its tests) is optional: without root it is reported, not fatal,
# and the Spark tests are skipped with that reason.
set -euo pipefail
need=()
pkg-config --exists icu-uc 2>/dev/null || need+=(libicu-dev pkg-config)
command -v g++ >/dev/null || need+=(g++)
# docs/api.md's examples, run by the tests, call the API with curl
command -v curl >/dev/null || need+=(curl)
java_ok() {
  local java=java
  [ -n "${JAVA_HOME:-}" ] && java="$JAVA_HOME/bin/java"
  "$java" -version 2>&1 | grep -qE 'version "(1[7-9]|[2-9][0-9])'
}
want_java=0
java_ok || want_java=1
if [ ${#need[@]} -gt 0 ] || [ $want_java = 1 ]; then
  if [ "$(id -u)" != 0 ]; then
    if [ ${#need[@]} -gt 0 ]; then
      echo "missing system packages: ${need[*]} (install them, or run as root)" >&2
      exit 1
    fi
    echo "!!! no Java 17+ for the Spark engine (install openjdk-17-jre-headless, or run as root);" \
      "the Spark tests will be skipped" >&2
    exit 0
  fi
  apt-get update -qq
  if [ $want_java = 1 ]; then
    # Debian 12 has 17; later releases only newer ones, which Spark 4 runs on too.
    for jre in openjdk-17-jre-headless openjdk-21-jre-headless; do
      if apt-cache show "$jre" >/dev/null 2>&1; then
        need+=("$jre")
        mkdir -p /usr/share/man/man1  # the JRE's post-install step expects it (slim images)
        break
      fi
    done
  fi
  if [ ${#need[@]} -gt 0 ]; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  fi
fi
