#!/usr/bin/env bash
# Mutation testing of one folder with dotnet-stryker (see PLATFORM.md: xunit.v3 needs the MTP runner).
#   scripts/mutation-test.sh extractor|staging|checks|catalog|catalog-security [extra stryker options]
# Reports land in StrykerOutput/<timestamp>/ under the test project. Do not build the test project while it runs.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../tests/MarketAspire.Tests"

case "${1:-}" in
  extractor) project=Extractor.csproj; mutate=("**/MarketApi/*.cs"); tests="FullyQualifiedName~MarketAspire.Tests.Extraction" ;;
  staging)   project=Warehouse.csproj; mutate=("**/Staging/*.cs");   tests="FullyQualifiedName~MarketAspire.Tests.Warehousing" ;;
  checks)    project=Quality.csproj;   mutate=("**/Checks/*.cs");    tests="FullyQualifiedName~MarketAspire.Tests.QualityChecks" ;;
  # The catalog: its logic, its pages, its guards (Security/), its wiring (CatalogServices.cs, Program.cs). The attack
  # tests run the real catalog process, so each mutant costs a few seconds more than a pure unit test.
  catalog)   project=Catalog.csproj
             mutate=("**/Grid/*.cs" "**/Lineage/*.cs" "**/Actions/*.cs" "**/Security/*.cs" "**/Pages/*.cs" "**/Data/PriceChart.cs" "**/Data/MetadataEntries.cs" "**/Data/CatalogRecords.cs" "**/CatalogSettings.cs" "**/CatalogServices.cs" "**/CatalogHosting.cs" "**/Program.cs")
             tests="FullyQualifiedName~MarketAspire.Tests.Catalog.CatalogModelTests|FullyQualifiedName~MarketAspire.Tests.Catalog.ActionRunnerTests|FullyQualifiedName~MarketAspire.Tests.Catalog.CatalogSecurityTests|FullyQualifiedName~MarketAspire.Tests.Catalog.CatalogAttackTests" ;;
  # The catalog's guards alone (host, origin, token, bounds, headers, the run environment), against the tests that attack them.
  catalog-security) project=Catalog.csproj
             mutate=("**/Security/*.cs" "**/Actions/RunEnvironment.cs" "**/CatalogHosting.cs")
             tests="FullyQualifiedName~MarketAspire.Tests.Catalog.CatalogSecurityTests|FullyQualifiedName~MarketAspire.Tests.Catalog.ActionRunnerTests.The_Orchestrator_runs|FullyQualifiedName~MarketAspire.Tests.Catalog.ActionRunnerTests.A_run_reads" ;;
  *) echo "usage: $0 extractor|staging|checks|catalog|catalog-security [stryker options]" >&2; exit 2 ;;
esac

# dotnet-stryker is a local tool of the repo (.config/dotnet-tools.json, 5.1.0: 5.0 has no --test-case-filter option):
# `dotnet tool restore` installs it.
dotnet tool restore >/dev/null
exec dotnet tool run dotnet-stryker --test-runner mtp --project "$project" "${mutate[@]/#/--mutate=}" --test-case-filter "$tests" \
  --reporter progress --reporter json --reporter html "${@:2}"
