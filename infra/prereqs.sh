#!/usr/bin/env bash
# Installs what a fresh Debian machine lacks for building, running and testing Splitstream. Idempotent and quiet:
# packages already present are not touched, and apt-get runs only when something is missing. librdkafka is not among
# them: it comes with the librdkafka.redist NuGet package (Splitstream.Platform.KafkaNative loads it).
set -euo pipefail

packages=(
  postgresql                      # the production store, started by the tests' set-up
  kcat jq                         # interoperability checks and scripts
  python3-geographiclib geographiclib-tools python3-gpxpy   # independent references for the tests
  chromium                        # headless browser of the live race page test (DevTools protocol)
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if ((${#missing[@]})); then
  echo "prereqs: installing ${missing[*]}"
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  export DEBIAN_FRONTEND=noninteractive
  "${sudo_cmd[@]}" apt-get update -qq >/dev/null
  "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

command -v dotnet >/dev/null || { echo "prereqs: the .NET 10 SDK (dotnet) is required" >&2; exit 1; }
