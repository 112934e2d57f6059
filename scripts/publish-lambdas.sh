#!/usr/bin/env bash
# Publishes each service as a self-contained linux-x64 Lambda bundle for the provided.al2023 custom runtime:
# artifacts/lambda/<Project>/ with the service binary and a `bootstrap` that starts it. The CDK app packages these.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${1:-$root/artifacts/lambda}"
for project in Extractor Warehouse Quality; do
  rm -rf "$out/$project"
  dotnet publish "$root/$project/$project.csproj" -c Release -r linux-x64 --self-contained true \
    -p:PublishTrimmed=false -p:InvariantGlobalization=true -o "$out/$project" --nologo -v quiet
  printf '#!/bin/sh\nexec "$LAMBDA_TASK_ROOT/%s" "$@"\n' "$project" > "$out/$project/bootstrap"
  chmod +x "$out/$project/bootstrap"
  echo "published $out/$project ($(du -sh "$out/$project" | cut -f1))"
done
