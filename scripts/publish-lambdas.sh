#!/usr/bin/env bash
# Publishes each service as a self-contained linux-x64 Lambda bundle for the provided.al2023 custom runtime:
# artifacts/lambda/<Project>/ with the service binary and a `bootstrap` that starts it. The CDK app packages these, and
# the tests run these (tests/MarketAspire.LocalServers/LambdaBundles.cs). ReadyToRun: the services' own assemblies and
# their packages precompiled, which took INIT from a median of about 1.8-2.0 s to 1.1-1.4 s here
# (scripts/measure-lambda-init.py; docs/measurements.md).
# The services are the asset graph's (AssetGraph/Graph/MarketAssets.cs), read from their definitions, and the other
# functions (the freshness sensor) are read from JobHosting/Jobs/DeployedFunctions.cs, neither listed again here;
# `--list` prints them (Deployment/PublishListTests holds that list equal to DeployedFunctions.Projects).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
mapfile -t projects < <(sed -n 's/.*new ServiceDefinition([A-Za-z.]*, "\([A-Za-z.]*\)").*/\1/p' "$root/AssetGraph/Graph/MarketAssets.cs")
if [ ${#projects[@]} -eq 0 ]; then
  echo "No ServiceDefinition found in AssetGraph/Graph/MarketAssets.cs: nothing to publish." >&2
  exit 1
fi
mapfile -t -O "${#projects[@]}" projects < <(sed -n 's/.*const string [A-Za-z]*Project = "\([A-Za-z.]*\)";.*/\1/p' "$root/JobHosting/Jobs/DeployedFunctions.cs")
if [ "${1:-}" = "--list" ]; then
  printf '%s\n' "${projects[@]}"
  exit 0
fi
out="${1:-$root/artifacts/lambda}"
for project in "${projects[@]}"; do
  rm -rf "$out/$project"
  dotnet publish "$root/$project/$project.csproj" -c Release -r linux-x64 --self-contained true \
    -p:PublishTrimmed=false -p:InvariantGlobalization=true -p:PublishReadyToRun=true -o "$out/$project" --nologo -v quiet
  printf '#!/bin/sh\nexec "$LAMBDA_TASK_ROOT/%s" "$@"\n' "$project" > "$out/$project/bootstrap"
  chmod +x "$out/$project/bootstrap"
  echo "published $out/$project ($(du -sh "$out/$project" | cut -f1))"
done
