#!/usr/bin/env bash
# Installs the command-line tools the README's operator example (examples/operator.sh) needs and its test
# runs: curl, jq and openssl. Idempotent: installs only what is missing.
set -euo pipefail

missing=()
for tool in curl jq openssl; do
  command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
done
if [[ ${#missing[@]} -eq 0 ]]; then
  exit 0
fi

if [[ $(id -u) -eq 0 ]]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1; then
  as_root=(sudo)
else
  echo "install-tools: ${missing[*]} missing and neither root nor sudo is available" >&2
  exit 1
fi

echo "install-tools: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get update -q
"${as_root[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
