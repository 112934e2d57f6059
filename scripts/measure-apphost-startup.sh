#!/usr/bin/env bash
# Measures the local stack's start-up as a user meets it: the AppHost (built beforehand) on a fresh stack, then the time
# until each job's run starts and finishes (from market_meta.runs), and the gap between a job's predecessor ending and
# its own run starting (DCP starting its process, the host starting, the run recorded).
#   scripts/measure-apphost-startup.sh [REPO]
# REPO: the checkout whose AppHost to build and run (default: this one), e.g. a worktree of another commit for a
# before/after. Every port is a free one and the stack's state is a fresh temp folder, so other stacks may run.
set -euo pipefail
repo="$(cd "${1:-$(dirname "${BASH_SOURCE[0]}")/..}" && pwd)"
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
warehouse_port=$(free_port)
export PGPASSWORD="${REDSHIFT_PASSWORD:-marketaspire-local}"
psql_cmd=(psql -h 127.0.0.1 -p "$warehouse_port" -U "${REDSHIFT_USER:-awsuser}" -d "${REDSHIFT_DB:-dev}" -At -F ' ')

dotnet build "$repo/AppHost" -v q -nologo >/dev/null
log="$(mktemp)"
# Not inside a 0700 temp folder: the stack's PostgreSQL runs as the postgres user.
stack="$(dirname "$log")/marketaspire-measure-$$"
start=$(date +%s.%N)
# The AppHost's binary with its launch profile's settings on free ports (a `dotnet run` would add its own start-up).
env ASPNETCORE_URLS="http://127.0.0.1:$(free_port)" DOTNET_ENVIRONMENT=Development ASPNETCORE_ENVIRONMENT=Development \
  ASPIRE_ALLOW_UNSECURED_TRANSPORT=true ASPIRE_DASHBOARD_UNSECURED_ALLOW_ANONYMOUS=true ASPIRE_VERSION_CHECK_DISABLED=true \
  ASPIRE_DASHBOARD_OTLP_HTTP_ENDPOINT_URL="http://127.0.0.1:$(free_port)" ASPIRE_RESOURCE_SERVICE_ENDPOINT_URL="http://127.0.0.1:$(free_port)" \
  "$repo/AppHost/bin/Debug/net10.0/AppHost" \
  "REDSHIFT_PORT=$warehouse_port" "MARKET_LOCAL_S3_PORT=$(free_port)" "MARKET_LOCAL_API_PORT=$(free_port)" \
  "MARKET_LOCAL_CATALOG_PORT=$(free_port)" MARKET_LOCAL_INFRA=processes "MARKET_LOCAL_STATE_DIR=$stack" \
  MARKET_SCHEDULE=off MARKET_PARTITION=2026-11-25 MARKET_API_TIME_TRAVEL=true >"$log" 2>&1 &
apphost=$!
# When DCP started each job's process (`dotnet run` or the binary, whichever it starts: the first process whose command
# line names the job's project folder and a partition), its start time read from /proc (10 ms ticks), and its exit.
starts="$log.starts"
python3 - "$repo" "$starts" <<'PY' &
import os, sys, time
repo, out = sys.argv[1], sys.argv[2]
# The boot time to 10 ms (/proc/stat's btime is whole seconds, which would shift every start by up to a second).
ticks, boot = os.sysconf("SC_CLK_TCK"), time.time() - float(open("/proc/uptime").read().split()[0])
first, alive, checked = {}, {}, set()
while True:
    pids = set(filter(str.isdigit, os.listdir("/proc")))
    checked &= pids
    for pid in pids - checked:
        try:
            args = open(f"/proc/{pid}/cmdline").read().split("\0")
            started = boot + int(open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()[19]) / ticks
        except OSError:
            continue
        if started < time.time() - 1:  # read again until then: a forked process shows its parent's command line until it execs
            checked.add(pid)
        job = next((j for j in ("Extractor", "Warehouse", "Quality") if "--partition" in args and any(a.startswith(f"{repo}/{j}/") for a in args)), None)
        if job and job not in first:
            first[job] = pid
            alive[pid] = job
            with open(out, "a") as f:
                f.write(f"{job.lower()} start {started:.2f}\n")
    def exited(pid):
        try:
            return open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()[0] == "Z"  # a zombie has exited
        except OSError:
            return True
    for pid in [p for p in alive if exited(p)]:
        with open(out, "a") as f:
            f.write(f"{alive.pop(pid).lower()} exit {time.time():.2f}\n")
    time.sleep(0.05)
PY
poller=$!
trap 'kill $poller $apphost 2>/dev/null; wait $apphost 2>/dev/null || true; rm -rf "$log" "$starts" "$stack"' EXIT

for _ in $(seq 1 600); do
  done_jobs=$("${psql_cmd[@]}" -c "SELECT count(*) FROM market_meta.runs WHERE job = 'quality' AND status <> 'running'" 2>/dev/null || echo 0)
  [ "$done_jobs" = "1" ] && break
  sleep 0.5
done
for _ in $(seq 1 100); do grep -q '^quality exit' "$starts" 2>/dev/null && break; sleep 0.1; done
if [ "$done_jobs" != "1" ]; then
  echo "apphost-startup: the quality job did not finish within 5 minutes; the AppHost's log ends:" >&2
  tail -20 "$log" >&2
  exit 1
fi

echo "apphost-startup: $(git -C "$repo" log -1 --format='%h %s' | cut -c1-80); load: $(cut -d' ' -f1-3 /proc/loadavg)"
# Per job: its process started and exited (after the AppHost's start; `dotnet run`, or the binary, whichever DCP starts),
# its run recorded and finished (market_meta.runs); DCP's part of the gap between jobs (the previous process's exit to
# this one's start) and the process's own (its start to its recorded run: the host's start-up before the job runs).
"${psql_cmd[@]}" -c "
  SELECT job, round(extract(epoch FROM started_at)::numeric - $start, 2), round(extract(epoch FROM finished_at)::numeric - $start, 2)
  FROM market_meta.runs ORDER BY started_at" |
  awk -v start="$start" 'NR == FNR { times[$1 " " $2] = $3 - start; next }
    { dcp = (previous == "" ? "-" : sprintf("%.2f", times[$1 " start"] - times[previous " exit"]))
      printf "apphost-startup: %-9s process_s=%.2f run_s=%s finished_s=%s exit_s=%.2f dcp_s=%s start_to_run_s=%.2f\n",
        $1, times[$1 " start"], $2, $3, times[$1 " exit"], dcp, $2 - times[$1 " start"]; previous = $1 }' "$starts" -
