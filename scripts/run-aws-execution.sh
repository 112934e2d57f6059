#!/usr/bin/env bash
# Runs one execution of a Step Functions definition under the local ASL interpreter (tools/aws-local, pinned in its
# package-lock.json). Installs its npm packages on first use. Usage: run-aws-execution.sh DEFINITION_FILE INPUT_JSON INVOKE_URL
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tools="$here/tools/aws-local"

if [ ! -d "$tools/node_modules/aws-local-stepfunctions" ]; then
  echo "Installing the local Step Functions interpreter's npm packages (first run)..." >&2
  (cd "$tools" && npm ci --no-audit --no-fund --loglevel=error) >&2
fi

exec node "$tools/run-execution.mjs" "$@"
