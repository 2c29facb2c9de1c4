#!/usr/bin/env bash
# Deadlines, memory and start-up at scale (issue 7, targets 3 and 4): seeds a SQLite database with many monitors,
# starts the real `stockbeat serve` (Release) on it, and measures time to ready, RSS, a burst of monitors due in the same
# second, single overdue monitors, and the cost of a sweep pass against the total number of monitors.
#
#   bench/scale.sh [--monitors N] [--burst N] [--trials N] [--trial-spacing S] [--compare-monitors N]
#                  [--server-arg ARG]... [--skip-server] [--keep]
#
#   --monitors N          monitors in the database (default 1000000, the issue's target)
#   --burst N             monitors due in the same second (default 10000)
#   --trials N            single-monitor trials (default 200)
#   --compare-monitors N  small database for the sweep-cost comparison (default 10000)
#   --server-arg ARG      extra `stockbeat serve` argument, e.g. --Stockbeat:Workers:SweepInterval=00:00:00.5
#   --keep                keep the temp dir (databases, server log)
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
KEEP=0 ARGS=()
while [[ $# -gt 0 ]]; do
  case $1 in
    --keep) KEEP=1; shift ;;
    --skip-server) ARGS+=("$1"); shift ;;
    --monitors|--burst|--trials|--trial-spacing|--compare-monitors|--server-arg)
      [[ $# -ge 2 ]] || { echo "ERROR: $1 needs a value" >&2; exit 2; }
      ARGS+=("$1" "$2"); shift 2 ;;
    *) sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
  esac
done

log() { printf '==> %s\n' "$*" >&2; }
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

log "building Release"
for p in src/Stockbeat bench/Stockbeat.Scale; do
  dotnet build "$p" -c Release -v q -nologo >/dev/null
done

WORK=$(mktemp -d /tmp/stockbeat-scale.XXXXXX)
cleanup() { if (( KEEP )); then log "kept $WORK"; else rm -rf "$WORK"; fi; }
trap cleanup EXIT

log "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), work dir $WORK"
dotnet bench/Stockbeat.Scale/bin/Release/net10.0/stockbeat-scale.dll \
  --stockbeat src/Stockbeat/bin/Release/net10.0/stockbeat.dll --work "$WORK" "${ARGS[@]}"
log "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
