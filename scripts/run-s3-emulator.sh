#!/usr/bin/env bash
# Starts the local S3 emulator (fauxqs, pinned in tools/s3-emulator/package-lock.json) on 127.0.0.1.
# Installs its npm packages on first use. Usage: run-s3-emulator.sh PORT
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
emulator="$here/tools/s3-emulator"
port="${1:-${S3_EMULATOR_PORT:-4566}}"

if [ ! -d "$emulator/node_modules/fauxqs" ]; then
  echo "Installing the S3 emulator's npm packages (first run)..."
  (cd "$emulator" && npm ci --no-audit --no-fund --loglevel=error)
fi

exec node "$emulator/server.mjs" "$port"
