#!/usr/bin/env bash
# Stockbeat build/test entry point.
#
#   ./build.sh [test]       restore, build (Release) and run the whole test suite
#   ./build.sh format       apply dotnet format
#   ./build.sh check        verify formatting (no changes allowed)
#   ./build.sh bench [throughput|micro|loadgen] [...]  run the benchmarks (see cmd_bench)
#   ./build.sh serve [...]  run the app: `Stockbeat serve ...`
#
# Environment:
#   CI=true                   missing PostgreSQL/Chromium is an error instead of a warning
#   STOCKBEAT_TEST_POSTGRES   if already set, use that server instead of a throwaway one
#   STOCKBEAT_ONLY_DB=1       debug: start the throwaway cluster, run `select version()`, stop
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")"
ROOT=$PWD
RESULTS_DIR=$ROOT/artifacts/test-results

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

# ---------------------------------------------------------------- helpers

log() { printf '==> %s\n' "$*" >&2; }
die() { printf 'ERROR: %s\n' "$*" >&2; exit 1; }

# Loud so it is not lost in a long build log.
warn() {
  printf '\n!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n' >&2
  printf '!!! WARNING: %s\n' "$*" >&2
  printf '!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n\n' >&2
}

is_ci()   { [[ ${CI:-} == true ]]; }
is_root() { [[ $(id -u) -eq 0 ]]; }

# A missing dependency is fatal on CI (tests would silently be skipped),
# but only a warning on a developer machine.
missing() {
  if is_ci; then die "$* (CI=true, refusing to continue)"; fi
  warn "$*"
}

# apt-get update is slow; run it at most once per invocation even when
# several packages (postgresql, chromium) have to be installed.
APT_UPDATED=0
apt_install() {
  export DEBIAN_FRONTEND=noninteractive
  if (( ! APT_UPDATED )); then
    log "apt-get update"
    apt-get update -q >&2
    APT_UPDATED=1
  fi
  log "apt-get install $*"
  apt-get install -y -q --no-install-recommends "$@" >&2
}

solution_file() {
  if   [[ -f Stockbeat.slnx ]]; then echo Stockbeat.slnx
  elif [[ -f Stockbeat.sln  ]]; then echo Stockbeat.sln
  else die "no Stockbeat.slnx or Stockbeat.sln in $ROOT"
  fi
}

# ---------------------------------------------------------------- PostgreSQL

PG_BIN=""   # directory holding initdb/pg_ctl/postgres
PG_DIR=""   # throwaway cluster: data/, socket, log; removed on exit

# Debian puts the server binaries in /usr/lib/postgresql/<ver>/bin and only
# the client wrappers on PATH, so look there too (newest version wins).
find_pg_bin() {
  local dir
  if command -v initdb >/dev/null && command -v pg_ctl >/dev/null; then
    dir=$(dirname "$(command -v pg_ctl)")
    [[ -x $dir/initdb ]] && { echo "$dir"; return 0; }
  fi
  for dir in $(printf '%s\n' /usr/lib/postgresql/*/bin | sort -rV); do
    [[ -x $dir/initdb && -x $dir/pg_ctl ]] && { echo "$dir"; return 0; }
  done
  return 1
}

# Sets PG_BIN, installing the server when possible. Returns 1 (after a
# warning) when PostgreSQL is unavailable and we may continue without it.
ensure_postgres() {
  PG_BIN=$(find_pg_bin) && return 0
  if is_root && command -v apt-get >/dev/null; then
    apt_install postgresql || true
    PG_BIN=$(find_pg_bin) && return 0
  fi
  missing "PostgreSQL server binaries (initdb, pg_ctl) not found; database tests will not run"
  return 1
}

# initdb/postgres refuse to run as root, so as root everything cluster-related
# runs as the `postgres` system user. cd into the cluster dir first so the
# server never trips over an unreadable working directory (e.g. under /root).
as_pg() {
  if is_root; then
    (cd "$PG_DIR" && runuser -u postgres -- "$@")
  else
    (cd "$PG_DIR" && "$@")
  fi
}

ensure_postgres_user() {
  id -u postgres >/dev/null 2>&1 && return 0
  log "creating system user postgres"
  useradd --system --user-group --no-create-home \
    --home-dir /nonexistent --shell /usr/sbin/nologin postgres
}

port_in_use() {
  local port=$1
  # Anything answering on loopback (covers 0.0.0.0 listeners too).
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then return 0; fi
  # ss also sees listeners bound to other addresses only.
  if command -v ss >/dev/null && [[ -n $(ss -Hltn "sport = :$port" 2>/dev/null) ]]; then
    return 0
  fi
  return 1
}

# Pure bash (python3 is not guaranteed): random port in 20000-60000.
pick_port() {
  local port _
  for _ in {1..100}; do
    port=$(( ((RANDOM << 15) | RANDOM) % 40001 + 20000 ))
    port_in_use "$port" || { echo "$port"; return 0; }
  done
  return 1
}

stop_postgres() {
  [[ -n $PG_DIR && -d $PG_DIR ]] || return 0
  if [[ -f $PG_DIR/data/postmaster.pid ]]; then
    # Throwaway data: no need for a clean shutdown.
    as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate -w -t 30 stop >/dev/null 2>&1 || true
    # pg_ctl failed? Stop our own postmaster by its pid, never by name.
    if [[ -f $PG_DIR/data/postmaster.pid ]]; then
      local pid
      pid=$(head -n1 "$PG_DIR/data/postmaster.pid")
      [[ $pid =~ ^[0-9]+$ ]] && kill -QUIT "$pid" 2>/dev/null || true
      sleep 1
    fi
  fi
  rm -rf "$PG_DIR"
  PG_DIR=""
}

# Start a private cluster on a free loopback port and export
# STOCKBEAT_TEST_POSTGRES. Tests create their own databases.
start_postgres() {
  # /tmp explicitly: it is traversable by the postgres user (TMPDIR may not
  # be) and short enough for the unix socket path limit (~107 bytes).
  PG_DIR=$(mktemp -d /tmp/stockbeat-pg.XXXXXX)
  if is_root; then
    ensure_postgres_user
    chown postgres: "$PG_DIR"
  fi
  chmod 700 "$PG_DIR"

  log "initdb in $PG_DIR (PostgreSQL binaries: $PG_BIN)"
  # --no-locale: do not depend on which locales the machine has generated.
  if ! as_pg "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres --auth=trust \
       -E UTF8 --no-locale --no-sync >"$PG_DIR/initdb.log" 2>&1; then
    cat "$PG_DIR/initdb.log" >&2
    die "initdb failed"
  fi

  # Another process may grab the port between the check and the bind; retry.
  local port attempt
  for attempt in 1 2 3; do
    port=$(pick_port) || die "no free TCP port found"
    # fsync etc. off: the data is thrown away, speed matters more.
    # max_connections: parallel test projects each hold connection pools.
    if as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/log" -w -t 60 \
         -o "-p $port -k $PG_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
         start >/dev/null; then
      export STOCKBEAT_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres"
      PG_PORT=$port
      log "PostgreSQL running on 127.0.0.1:$port"
      return 0
    fi
    log "pg_ctl start failed on port $port (attempt $attempt)"
    tail -n 20 "$PG_DIR/log" >&2 || true
  done
  die "could not start PostgreSQL"
}

# ---------------------------------------------------------------- Chromium

# Browser tests are only present once a dashboard/Playwright project exists.
needs_chromium() {
  compgen -G 'tests/*Dashboard*/' >/dev/null && return 0
  [[ -d tests ]] && grep -rqs --include='*.csproj' 'Microsoft.Playwright' tests
}

ensure_chromium() {
  local chromium=/usr/bin/chromium
  if [[ ! -x $chromium ]] && is_root && command -v apt-get >/dev/null; then
    apt_install chromium || true
  fi
  if [[ -x $chromium ]]; then
    export STOCKBEAT_TEST_CHROMIUM=$chromium
  else
    missing "Chromium ($chromium) not available; browser tests will not run"
  fi
}

# ---------------------------------------------------------------- test results

# Value of a numeric attribute in a <Counters .../> element, 0 if absent.
trx_attr() {
  local v
  v=$(sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p" <<<"$2")
  echo "${v:-0}"
}

# Sum the <Counters .../> of every TRX file into
# SUMMARY="N passed, N failed, N skipped"; also sets TOTAL_PASSED.
TOTAL_PASSED=0
SUMMARY=""
summarize_trx() {
  local passed=0 failed=0 skipped=0 file c n not_run
  while IFS= read -r -d '' file; do
    c=$(grep -o '<Counters [^>]*>' "$file" | head -n1) || continue
    passed=$((  passed + $(trx_attr passed "$c") ))
    # error/timeout/aborted are failures too, just reported differently.
    failed=$((  failed + $(trx_attr failed "$c") + $(trx_attr error "$c") \
                       + $(trx_attr timeout "$c") + $(trx_attr aborted "$c") ))
    # VSTest leaves notExecuted="0" for skipped tests and only lowers
    # executed, so count whichever of the two is larger.
    not_run=$(( $(trx_attr total "$c") - $(trx_attr executed "$c") ))
    n=$(trx_attr notExecuted "$c")
    skipped=$(( skipped + (n > not_run ? n : not_run) ))
  done < <(find "$RESULTS_DIR" -name '*.trx' -print0 2>/dev/null)
  TOTAL_PASSED=$passed
  SUMMARY="$passed passed, $failed failed, $skipped skipped"
}

# VSTest is the default runner; a global.json opting into
# Microsoft.Testing.Platform changes the dotnet test command line.
uses_mtp() {
  [[ -f global.json ]] && grep -q 'Microsoft.Testing.Platform' global.json
}

run_dotnet_test() {
  local sln=$1
  if uses_mtp; then
    dotnet test --solution "$sln" -c Release --no-build \
      --results-directory "$RESULTS_DIR" --report-trx
  else
    # No LogFileName: a fixed name makes every test project overwrite the
    # same file; default names are unique per project.
    dotnet test "$sln" -c Release --no-build \
      --logger trx --results-directory "$RESULTS_DIR"
  fi
}

# ---------------------------------------------------------------- commands

cmd_test() {
  command -v dotnet >/dev/null || die "dotnet not found on PATH"
  trap stop_postgres EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM

  local have_pg=0
  if [[ -n ${STOCKBEAT_TEST_POSTGRES:-} ]]; then
    log "using STOCKBEAT_TEST_POSTGRES from the environment"
  elif ensure_postgres; then
    have_pg=1
  fi

  if [[ ${STOCKBEAT_ONLY_DB:-} == 1 ]]; then
    (( have_pg )) || die "STOCKBEAT_ONLY_DB=1 but no PostgreSQL"
    start_postgres
    local psql=$PG_BIN/psql
    [[ -x $psql ]] || psql=psql
    "$psql" "host=127.0.0.1 port=$PG_PORT user=postgres dbname=postgres" -c 'select version()'
    return 0
  fi

  if needs_chromium; then ensure_chromium; fi

  local sln
  sln=$(solution_file)
  log "dotnet restore $sln"
  dotnet restore "$sln"
  log "dotnet build $sln (Release)"
  dotnet build "$sln" -c Release --no-restore

  # Start the database only now, so a broken build does not need one.
  (( have_pg )) && start_postgres
  if is_ci && [[ -z ${STOCKBEAT_TEST_POSTGRES:-} ]]; then
    die "STOCKBEAT_TEST_POSTGRES is not set (CI=true)"
  fi

  rm -rf "$RESULTS_DIR"
  mkdir -p "$RESULTS_DIR"
  log "dotnet test $sln"
  local rc=0
  run_dotnet_test "$sln" || rc=$?

  summarize_trx
  if (( rc != 0 )); then
    printf 'dotnet test failed (exit %d)\n' "$rc" >&2
  elif (( TOTAL_PASSED == 0 )); then
    printf 'no test passed (TRX files in %s)\n' "$RESULTS_DIR" >&2
    rc=1
  fi
  # The closing line, alone and last.
  printf '%s\n' "$SUMMARY"
  return "$rc"
}

cmd_format() { dotnet format "$(solution_file)"; }
cmd_check()  { dotnet format "$(solution_file)" --verify-no-changes; }

# `bench throughput [...]`: side-by-side ping throughput (bench/throughput.sh --help);
# `bench scale [...]`: deadlines, memory and start-up at 1 000 000 monitors (bench/scale.sh --help);
# `bench micro [...]`: BenchmarkDotNet micro-benchmarks (args go to BenchmarkDotNet);
# `bench loadgen [...]`: the load generator alone.
cmd_bench() {
  local what=${1:-throughput}
  [[ $# -gt 0 ]] && shift
  case $what in
    throughput) bench/throughput.sh "$@" ;;
    scale)      bench/scale.sh "$@" ;;
    micro)      dotnet run -c Release --project bench/Stockbeat.Bench -- --artifacts "$ROOT/artifacts/bench" "$@" ;;
    loadgen)    dotnet run -c Release --project bench/Stockbeat.LoadGen -- "$@" ;;
    *)          die "bench: unknown '$what' (throughput, scale, micro, loadgen)" ;;
  esac
}

cmd_serve() { dotnet run --project src/Stockbeat -- serve "$@"; }

usage() { sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; }

main() {
  local cmd=${1:-test}
  [[ $# -gt 0 ]] && shift
  case $cmd in
    test)            cmd_test ;;
    format)          cmd_format ;;
    check)           cmd_check ;;
    bench)           cmd_bench "$@" ;;
    serve)           cmd_serve "$@" ;;
    -h|--help|help)  usage ;;
    *)               usage >&2; exit 2 ;;
  esac
}

main "$@"
