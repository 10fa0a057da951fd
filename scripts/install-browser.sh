#!/usr/bin/env bash
# Installs Debian's chromium for the end-to-end tests when /usr/bin/chromium is missing. Playwright's own
# browser download cannot be used here (no network but the package registries), so the tests launch
# this system browser through Playwright's ExecutablePath (fonts-dejavu-core so screenshots show text).
# Idempotent: does nothing when /usr/bin/chromium is there.
set -euo pipefail

if [[ -x /usr/bin/chromium ]]; then
  exit 0
fi

if [[ $(id -u) -eq 0 ]]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1; then
  as_root=(sudo)
else
  echo "install-browser: /usr/bin/chromium is missing and neither root nor sudo is available" >&2
  exit 1
fi

echo "install-browser: installing Debian chromium" >&2
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get update -q
"${as_root[@]}" apt-get install -y -q --no-install-recommends chromium fonts-dejavu-core

/usr/bin/chromium --version >&2
