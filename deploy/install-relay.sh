#!/usr/bin/env bash
# Installs the relay for production from packed tarballs: what the Docker image runs (Dockerfile) and
# what the packaging test runs (test/packaging), so the image's path is the tested one.
#   deploy/install-relay.sh <folder with borica-identify-*.tgz> <app folder>
# Production dependencies only: no dev dependencies, no TypeScript runtime, and not the simulator (an
# optional peer of the relay: `npm install @borica-identify/simulator` beside it for --simulator).
# better-sqlite3 takes its prebuilt binary when one can be downloaded, else compiles (python3, make, g++).
set -euo pipefail
if [ "$#" -ne 2 ]; then
  echo "usage: $0 <tarball folder> <app folder>" >&2
  exit 2
fi
tarballs=$(cd "$1" && pwd)
mkdir -p "$2"
cd "$2"
shopt -s nullglob
protocol=("$tarballs"/borica-identify-protocol-*.tgz)
relay=("$tarballs"/borica-identify-relay-*.tgz)
if [ "${#protocol[@]}" -ne 1 ] || [ "${#relay[@]}" -ne 1 ]; then
  echo "install-relay: expected one protocol and one relay tarball in $tarballs" >&2
  exit 1
fi
[ -f package.json ] || printf '{ "name": "borica-relay-app", "private": true, "type": "module" }\n' >package.json
# protocol is the relay's own dependency; it is not on a registry here, so it comes from its tarball.
npm install --omit=dev --no-audit --no-fund --loglevel=error "${protocol[0]}" "${relay[0]}"
# A compiled better-sqlite3 keeps its build tree and SQLite's C source (~25 MB); only the addon is used.
sqlite=node_modules/better-sqlite3
if [ -f "$sqlite/build/Release/better_sqlite3.node" ]; then
  find "$sqlite/build" -mindepth 1 -not -path "$sqlite/build/Release" -not -path "$sqlite/build/Release/better_sqlite3.node" -delete
  rm -rf "$sqlite/deps" "$sqlite/src"
fi
# The installed command runs on plain node (no build step, no tsx): fail the install if it does not.
node_modules/.bin/borica-relay --help >/dev/null
