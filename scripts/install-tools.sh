#!/usr/bin/env bash
# Installs the Debian packages the tests need when they are missing: chromium (and fonts-dejavu-core, so
# screenshots show text) for the end-to-end tests, which launch this system browser through Playwright's
# ExecutablePath — Playwright's own browser download cannot run here (no network but the package
# registries) — curl, jq and openssl for the README's operator example (examples/operator.sh) and its
# test, and nginx, which the proxy test runs (examples/nginx/flows.conf, with a certificate made by openssl).
# Idempotent: installs only what is missing.
set -euo pipefail

packages=()
[[ -x /usr/bin/chromium ]] || packages+=(chromium fonts-dejavu-core)
[[ -x /usr/sbin/nginx ]] || packages+=(nginx)
for tool in curl jq openssl; do
  command -v "$tool" >/dev/null 2>&1 || packages+=("$tool")
done
if [[ ${#packages[@]} -eq 0 ]]; then
  exit 0
fi

if [[ $(id -u) -eq 0 ]]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1; then
  as_root=(sudo)
else
  echo "install-tools: ${packages[*]} missing and neither root nor sudo is available" >&2
  exit 1
fi

echo "install-tools: installing ${packages[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get update -q
"${as_root[@]}" apt-get install -y -q --no-install-recommends "${packages[@]}"
/usr/bin/chromium --version >&2
