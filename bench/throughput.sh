#!/usr/bin/env bash
# Side-by-side throughput: a bare minimal-API endpoint (no I/O) and `stockbeat serve`, loaded by the same
# load generator with the same targets, one after the other in one run. Everything listens on 127.0.0.1
# and is stopped on exit.
#
#   bench/throughput.sh [--monitors M] [--duration S] [--connections N] [--warmup S]
#                       [--new-connection-duration S] [--database CONNSTRING] [--keep]
#
#   --monitors M      monitors registered in Stockbeat (default 100000, the issue's target)
#   --duration S      seconds per measured run (default 20)
#   --connections N   keep-alive connections (default 64)
#   --new-connection-duration S
#                     also run S seconds with a new TCP connection per request (0 = skip; default 10)
#   --database CS     run Stockbeat on PostgreSQL (`Host=127.0.0.1;...`) instead of SQLite in a temp dir
#   --keep            keep the temp dir (database, logs, uuid list)
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
MONITORS=100000 DURATION=20 CONNECTIONS=64 WARMUP=3 NEWCONN_DURATION=10 DATABASE="" KEEP=0
while [[ $# -gt 0 ]]; do
  case $1 in
    --monitors) MONITORS=$2; shift 2 ;;
    --duration) DURATION=$2; shift 2 ;;
    --connections) CONNECTIONS=$2; shift 2 ;;
    --warmup) WARMUP=$2; shift 2 ;;
    --new-connection-duration) NEWCONN_DURATION=$2; shift 2 ;;
    --database) DATABASE=$2; shift 2 ;;
    --keep) KEEP=1; shift ;;
    *) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
  esac
done
if [[ -n $DATABASE && $DATABASE != *Host=127.0.0.1* && $DATABASE != *Host=localhost* ]]; then
  echo "ERROR: --database must point at Host=127.0.0.1 or localhost" >&2; exit 2
fi

log() { printf '==> %s\n' "$*" >&2; }
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

log "building Release"
for p in src/Stockbeat bench/Stockbeat.Bare bench/Stockbeat.LoadGen; do
  dotnet build "$p" -c Release -v q -nologo >/dev/null
done
STOCKBEAT=src/Stockbeat/bin/Release/net10.0/stockbeat.dll
BARE=bench/Stockbeat.Bare/bin/Release/net10.0/Stockbeat.Bare.dll
LOADGEN=bench/Stockbeat.LoadGen/bin/Release/net10.0/stockbeat-loadgen.dll

WORK=$(mktemp -d /tmp/stockbeat-bench.XXXXXX)
PIDS=()
cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  if (( KEEP )); then log "kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

# Below the kernel's ephemeral range: a port from that range may be the local port of an outgoing connection (the
# new-connection runs leave tens of thousands in TIME_WAIT), and Kestrel cannot listen on it then.
free_port() {
  local port low
  low=$(cut -f1 /proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || echo 32768)
  for _ in {1..100}; do
    port=$(( ((RANDOM << 15) | RANDOM) % (low - 10000) + 10000 ))
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "$port"; return 0; }
  done
  return 1
}

wait_ready() {  # url pid log
  local url=$1 pid=$2 log=$3
  for _ in {1..300}; do
    kill -0 "$pid" 2>/dev/null || { echo "ERROR: server $pid exited; the end of $log:" >&2; tail -n 20 "$log" >&2; return 1; }
    if (exec 3<>"/dev/tcp/127.0.0.1/${url##*:}") 2>/dev/null; then return 0; fi
    sleep 0.1
  done
  echo "ERROR: $url not ready in 30 s" >&2; return 1
}

API_KEY=bench-api-key-$RANDOM$RANDOM$RANDOM
PING_KEY=benchpingkey$RANDOM$RANDOM
BARE_URL=http://127.0.0.1:$(free_port)
SB_URL=http://127.0.0.1:$(free_port)

log "starting the bare endpoint on $BARE_URL"
dotnet "$BARE" --urls "$BARE_URL" >"$WORK/bare.log" 2>&1 &
PIDS+=($!); BARE_PID=$!

DB_ARGS=(--data "$WORK/data")
[[ -n $DATABASE ]] && DB_ARGS=(--database "$DATABASE")
log "starting stockbeat serve on $SB_URL (${DATABASE:-SQLite in $WORK/data})"
Stockbeat__Bootstrap__ApiKey=$API_KEY Stockbeat__Bootstrap__PingKey=$PING_KEY \
  dotnet "$STOCKBEAT" serve --urls "$SB_URL" "${DB_ARGS[@]}" >"$WORK/stockbeat.log" 2>&1 &
PIDS+=($!); SB_PID=$!
wait_ready "$BARE_URL" "$BARE_PID" "$WORK/bare.log"
wait_ready "$SB_URL" "$SB_PID" "$WORK/stockbeat.log"

log "registering $MONITORS monitors"
dotnet "$LOADGEN" register --base "$SB_URL" --api-key "$API_KEY" --count "$MONITORS" --connections 16 --out "$WORK/uuids.txt"

run() {  # label url extra-args...
  local label=$1 url=$2; shift 2
  dotnet "$LOADGEN" run --base "$url" --uuids "$WORK/uuids.txt" --connections "$CONNECTIONS" \
    --duration "$(( DURATION + WARMUP ))" --warmup "$WARMUP" --label "$label" "$@" | tee -a "$WORK/results.txt"
}

field() { grep "^RESULT label=$1 " "$WORK/results.txt" | tail -n1 | tr ' ' '\n' | sed -n "s/^$2=//p"; }

run bare "$BARE_URL"
run stockbeat "$SB_URL"
if (( NEWCONN_DURATION > 0 )); then
  DURATION=$NEWCONN_DURATION
  run bare-newconn "$BARE_URL" --new-connection
  run stockbeat-newconn "$SB_URL" --new-connection
fi

STORED=$(grep -c . "$WORK/uuids.txt")
echo
STORE="SQLite WAL synchronous=FULL"
[[ -n $DATABASE ]] && STORE="PostgreSQL ($DATABASE)"
echo "== throughput: $STORED monitors, ${CONNECTIONS} keep-alive connections, $(nproc) cores, $STORE"
printf '%-20s %10s %10s %10s %10s %8s\n' run ok/s p50_ms p99_ms p99.9_ms errors
for label in bare stockbeat bare-newconn stockbeat-newconn; do
  grep -q "^RESULT label=$label " "$WORK/results.txt" || continue
  printf '%-20s %10s %10s %10s %10s %8s\n' "$label" "$(field $label ok_rps)" "$(field $label p50_ms)" \
    "$(field $label p99_ms)" "$(field $label p999_ms)" "$(field $label errors)"
done
awk -v s="$(field stockbeat ok_rps)" -v b="$(field bare ok_rps)" \
  'BEGIN { printf "ratio stockbeat/bare (keep-alive): %.1f%% (target >= 60%%)\n", 100 * s / b }'
if grep -q "^RESULT label=stockbeat-newconn " "$WORK/results.txt"; then
  awk -v s="$(field stockbeat-newconn ok_rps)" -v b="$(field bare-newconn ok_rps)" \
    'BEGIN { printf "ratio stockbeat/bare (new connection per request): %.1f%%\n", 100 * s / b }'
fi
