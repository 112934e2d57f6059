#!/usr/bin/env bash
# Measures the local stack's start-up as a user meets it: `dotnet run --project AppHost` (built beforehand), then the
# time until each job's run starts and finishes (from market_meta.runs), and the gap a job costs before its work starts.
#   scripts/measure-apphost-startup.sh        (uses the default ports; nothing else may hold them)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export PGPASSWORD="${REDSHIFT_PASSWORD:-marketaspire-local}"
psql_cmd=(psql -h 127.0.0.1 -p "${MARKET_WAREHOUSE_PORT:-5439}" -U "${REDSHIFT_USER:-awsuser}" -d "${REDSHIFT_DB:-dev}" -At -F ' ')

dotnet build AppHost -v q -nologo >/dev/null
log="$(mktemp)"
start=$(date +%s.%N)
dotnet run --project AppHost --no-build >"$log" 2>&1 &
apphost=$!
trap 'kill $apphost 2>/dev/null; wait $apphost 2>/dev/null || true; rm -f "$log"' EXIT

# The stack's data directory persists: count only the runs of this start.
since=$(date -u +%Y-%m-%dT%H:%M:%S)
for _ in $(seq 1 600); do
  done_jobs=$("${psql_cmd[@]}" -c "SELECT count(*) FROM market_meta.runs WHERE started_at >= '$since' AND job = 'quality' AND status <> 'running'" 2>/dev/null || echo 0)
  [ "$done_jobs" = "1" ] && break
  sleep 0.5
done

"${psql_cmd[@]}" -c "
  SELECT job, round(extract(epoch FROM started_at)::numeric - $start, 1), round(extract(epoch FROM finished_at)::numeric - $start, 1),
         round(extract(epoch FROM started_at - lag(finished_at) OVER (ORDER BY started_at))::numeric, 1)
  FROM market_meta.runs WHERE started_at >= '$since' ORDER BY started_at" |
  awk '{ printf "apphost-startup: %-9s started_s=%s finished_s=%s gap_after_previous_s=%s\n", $1, $2, $3, ($4 == "" ? "-" : $4) }'
