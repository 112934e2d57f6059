#!/usr/bin/env bash
# Mutation testing of one folder with dotnet-stryker (see PLATFORM.md: xunit.v3 needs the MTP runner).
#   scripts/mutation-test.sh extractor|staging|checks|catalog [extra stryker options]
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
             tests="FullyQualifiedName~MarketAspire.Tests.Catalog.CatalogModelTests|FullyQualifiedName~MarketAspire.Tests.Catalog.ActionRunnerTests|FullyQualifiedName~MarketAspire.Tests.Catalog.CatalogAttackTests" ;;
  *) echo "usage: $0 extractor|staging|checks|catalog [stryker options]" >&2; exit 2 ;;
esac
shift

stryker="$(command -v dotnet-stryker || echo "$HOME/.dotnet/tools/dotnet-stryker")"
exec "$stryker" --test-runner mtp --project "$project" "${mutate[@]/#/--mutate=}" --test-case-filter "$tests" \
  --reporter progress --reporter json --reporter html "$@"
