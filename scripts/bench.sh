#!/usr/bin/env bash
# Runs every Sanctuary benchmark on this machine, side by side with its
# limit, and writes docs/benchmarks.md.
#
#   scripts/bench.sh                 full run (1,000,000 mailboxes; about 15 minutes once built)
#   scripts/bench.sh --quick         shorter runs, 100,000 mailboxes (about 10 minutes)
#   scripts/bench.sh --post-quantum  only the post-quantum comparison (sync of
#                                    10,000 reports and 10,000 case events, and
#                                    sealing 256 MiB, with
#                                    post-quantum and with X25519 recipients;
#                                    about 2 minutes once built): rewrites only
#                                    the "Post-quantum" section of the file
#   scripts/bench.sh --abuse         only the proof of work and the simulated
#                                    floods (about 4 minutes once built):
#                                    rewrites only the "Abuse resistance"
#                                    section
#
# Every comparison runs $RUNS times (3), alternating the measured side and
# its baseline, and is judged on the median of its runs; the report gives
# the median, the smallest and largest figure, and how many runs passed.
#
# Every run measures post-quantum sealing too: a second unit whose roster
# policy is `required` (reports sealed to the caseworkers' mlkem768x25519
# recipients), next to the first, whose policy is `off` (X25519).
#
# Needs: cargo, GNU time (/usr/bin/time), Go age (/usr/bin/age), Node and
# Debian's chromium (the reporter page's figures, web/scripts/bench.mjs), jq
# and bc (--post-quantum needs only cargo, jq and bc; --abuse cargo, Node,
# chromium, jq and bc); about 20 GB
# free in $TMPDIR for the full run. Everything it writes goes to one temporary
# folder (removed at the end, with every server it started), except
# docs/benchmarks.md and cargo's target/.
set -euo pipefail
# Decimal points, not commas, in $EPOCHREALTIME and the figures awk prints.
export LC_NUMERIC=C

MODE=full
case "${1:-}" in
  --quick) MODE=quick ;;
  --post-quantum) MODE=post-quantum ;;
  --abuse) MODE=abuse ;;
  "") ;;
  *) echo "usage: scripts/bench.sh [--quick | --post-quantum | --abuse]" >&2; exit 2 ;;
esac

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
if [ "$MODE" = post-quantum ]; then
  TOOLS=(cargo jq bc)
elif [ "$MODE" = abuse ]; then
  TOOLS=(cargo node /usr/bin/chromium jq bc)
else
  TOOLS=(/usr/bin/time age age-keygen cargo node /usr/bin/chromium jq bc)
fi
for tool in "${TOOLS[@]}"; do
  command -v "$tool" >/dev/null || { echo "bench.sh needs $tool (apt-get install time age jq bc chromium; and Node 20 or later)" >&2; exit 1; }
done

# Runs of each comparison (the median is judged).
RUNS=3
# The mailbox fetch target is about a million mailboxes; --quick populates
# a tenth of that (writing a million takes minutes), and its figure is then
# shown without a verdict.
if [ "$MODE" = quick ]; then
  SUBMIT_REQUESTS=10000; BASELINE_ROWS=10000; LARGE_MAILBOXES=100000
  FETCH_REQUESTS=10000; INBOX_REQUESTS=2000; STARTUP_RUNS=5
  CRITERION_ARGS=(--warm-up-time 1 --measurement-time 2)
elif [ "$MODE" = full ]; then
  SUBMIT_REQUESTS=40000; BASELINE_ROWS=40000; LARGE_MAILBOXES=1000000
  FETCH_REQUESTS=30000; INBOX_REQUESTS=5000; STARTUP_RUNS=20
  CRITERION_ARGS=()
fi
SMALL_MAILBOXES=1000
# Proof of work: challenges solved per level by the CLI, and the length of
# each simulated flood (with and without the defence).
if [ "$MODE" = quick ]; then POW_RUNS=20; FLOOD_SECONDS=15; else POW_RUNS=60; FLOOD_SECONDS=30; fi
SYNC_REPORTS=10000
# Replies a sync downloads besides the reports: it lists every reply on the
# server, in all mailboxes, and trial-decrypts the new ones (protocol §9.1).
SYNC_REPLIES=1000
# Case events (status changes and notes by a colleague, protocol §6.4) a
# sync downloads, verifies and merges besides them (issue #14's target).
SYNC_EVENTS=10000

WORK=$(mktemp -d "${TMPDIR:-/tmp}/sanctuary-bench.XXXXXX")
RESULTS=$WORK/results.jsonl
COMMANDS=$WORK/commands.txt
SERVER_PID=
: >"$RESULTS"
: >"$COMMANDS"

stop_server() {
  if [ -n "$SERVER_PID" ]; then
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
    SERVER_PID=
  fi
}
cleanup() {
  stop_server
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

log() { echo "== $*" >&2; }
# Records a command line (with the temporary folder shown as $WORK).
note() { echo "${*//$WORK/\$WORK}" >>"$COMMANDS"; }
# Runs a command, recording it.
run() { note "$@"; "$@"; }
# record NAME JSON: appends one figure.
record() { printf '{"name":"%s","result":%s}\n' "$1" "$2" >>"$RESULTS"; }
now_ns() { date +%s%N; }
# cpu_seconds PID: user + system CPU time of a running process (all its
# threads), from /proc/PID/stat (fields 14 and 15, in clock ticks).
cpu_seconds() {
  awk -v hz="$(getconf CLK_TCK)" '{ sub(/^.*\) /, ""); split($0, f, " "); printf "%.3f", (f[12] + f[13]) / hz }' "/proc/$1/stat"
}
# with_cpu JSON SECONDS: the JSON object with "server_cpu_seconds" added.
with_cpu() { jq -c --argjson cpu "$2" '. + {server_cpu_seconds: $cpu}' <<<"$1"; }
seconds_since() { awk -v a="$1" -v b="$(now_ns)" 'BEGIN { printf "%.6f", (b - a) / 1e9 }'; }

BIN=$ROOT/target/release
LOAD=$BIN/sanctuary-load
FLOOR=$BIN/axum-floor
SERVER=$BIN/sanctuary-server
CLI=$BIN/sanctuary

# wait_listening LOG: waits for the `listening on` line of a server just
# started, sets URL.
wait_listening() {
  for _ in $(seq 200); do
    if grep -q '^listening on' "$1" 2>/dev/null; then
      URL="http://$(sed -n 's/^listening on //p' "$1" | head -1)/"
      return
    fi
    sleep 0.05
  done
  echo "the server did not start:" >&2
  cat "$1" >&2
  exit 1
}

# start_server DATA_DIR [--defaults]: starts the server on a free loopback
# port, sets URL. The load generator sends no proof of work, so the server
# never requires one (--pow-max-level 0); the 1 GiB upload is larger than
# the default daily attachment quota, so there is none
# (--attachment-quota-mb-per-day 0). With --defaults (the flood with the
# defence on), neither.
SERVER_FLAGS=(--pow-max-level 0 --attachment-quota-mb-per-day 0)
start_server() {
  local dir=$1 flags=("${SERVER_FLAGS[@]}")
  if [ "${2:-}" = --defaults ]; then flags=(); fi
  note "$SERVER" serve --listen 127.0.0.1:0 --data-dir "$dir" "${flags[@]}"
  "$SERVER" serve --listen 127.0.0.1:0 --data-dir "$dir" "${flags[@]}" 2>"$dir.log" &
  SERVER_PID=$!
  wait_listening "$dir.log"
}

# start_floor: starts axum-floor (load/src/bin/axum-floor.rs) on a free
# loopback port, sets URL.
start_floor() {
  note "$FLOOR" --listen 127.0.0.1:0
  "$FLOOR" --listen 127.0.0.1:0 2>"$WORK/floor.log" &
  SERVER_PID=$!
  wait_listening "$WORK/floor.log"
}

# timed_submit NAME STATE: warms the server at URL (pid SERVER_PID) up,
# then records NAME: 64 clients posting $SUBMIT_REQUESTS reports sealed for
# STATE's roster, with the server's CPU time over them.
timed_submit() {
  local c0 summary
  run "$LOAD" submit --server "$URL" --state "$2" --clients 64 --requests 1000 --warmup 0 >/dev/null
  c0=$(cpu_seconds "$SERVER_PID")
  summary=$(run "$LOAD" submit --server "$URL" --state "$2" --clients 64 \
    --requests "$SUBMIT_REQUESTS" --warmup 0 --json)
  record "$1" "$(with_cpu "$summary" "$(echo "$(cpu_seconds "$SERVER_PID") - $c0" | bc)")"
}

# enroll STATE POLICY: a unit with three caseworkers and the roster
# post-quantum policy POLICY, enrolled on a server started just for it (the
# databases below get the roster from `populate`).
enroll() {
  local dir=$WORK/enroll-$2
  mkdir -p "$dir"
  start_server "$dir/data"
  run "$LOAD" setup --server "$URL" --data-dir "$dir/data" --state "$1" --caseworkers 3 --post-quantum "$2"
  stop_server
  rm -rf "$dir"
}

# sync_bench STATE SUFFIX: caseworker 0 of STATE syncs $SYNC_REPORTS
# reports and $SYNC_REPLIES replies with the real CLI, against the age
# crate's loop over the same ciphertexts; records sync$SUFFIX and
# age-open$SUFFIX.
sync_bench() {
  local state=$1 suffix=$2 t0 t1 opened unit i
  unit=$(cat "$state/unit-id")
  mkdir -p "$WORK/sync"
  run "$LOAD" populate --data-dir "$WORK/sync" --state "$state" --reports "$SYNC_REPORTS" \
    --events "$SYNC_EVENTS" --mailboxes "$SYNC_REPLIES"
  run sync
  export SANCTUARY_PASSPHRASE
  SANCTUARY_PASSPHRASE=$(cat "$state/passphrase")
  note "export SANCTUARY_PASSPHRASE=\$(cat $state/passphrase)"
  # Each run syncs into an empty case store, then the age loop opens the
  # same ciphertexts. The one-off key unlock (scrypt at age's calibrated
  # cost, with the process start) is measured in the same run and
  # subtracted: it ends when the CLI says it created the store, which it
  # does once the key is open. Each line the CLI writes on standard error
  # is stamped as it arrives ($EPOCHREALTIME: no process started).
  for i in $(seq "$RUNS"); do
    rm -rf "$WORK/case-store"
    # Each side starts once the disk has written back what came before
    # (the previous run's case store, the databases removed before): a
    # sync timed straight after a 12 GB file was written and removed took
    # 2.4 s, and straight after the previous run 2.2 s, against 1.8 s
    # after a `sync`; the age loop, which writes nothing, was unchanged.
    run sync
    start_server "$WORK/sync"
    note "$CLI" case sync --server "$URL" --unit "$unit" --key "$state/cw-0.key" --store "$WORK/case-store"
    t0=$EPOCHREALTIME
    { "$CLI" case sync --server "$URL" --unit "$unit" --key "$state/cw-0.key" --store "$WORK/case-store" 2>&1 >"$WORK/sync.out"; } |
      while IFS= read -r line; do printf '%s %s\n' "$EPOCHREALTIME" "$line"; done >"$WORK/sync.err" ||
      { echo "the sync failed:" >&2; cat "$WORK/sync.err" >&2; exit 1; }
    t1=$EPOCHREALTIME
    stop_server
    grep -q "$SYNC_REPORTS new reports, 0 new follow-ups, $SYNC_REPLIES new replies" "$WORK/sync.out" || { echo "sync did not fetch every report and reply:" >&2; cat "$WORK/sync.out" "$WORK/sync.err" >&2; exit 1; }
    grep -q "notes): $SYNC_EVENTS from colleagues" "$WORK/sync.out" || { echo "sync did not apply every case event:" >&2; cat "$WORK/sync.out" "$WORK/sync.err" >&2; exit 1; }
    opened=$(awk '/ Created a new, empty store/ { print $1; exit }' "$WORK/sync.err")
    [ -n "$opened" ] || { echo "the sync did not say it created its store:" >&2; cat "$WORK/sync.err" >&2; exit 1; }
    record "sync$suffix" "$(awk -v r="$SYNC_REPORTS" -v e="$SYNC_EVENTS" -v p="$SYNC_REPLIES" -v a="$t0" -v o="$opened" -v b="$t1" \
      'BEGIN { printf "{\"reports\":%d,\"events\":%d,\"replies\":%d,\"sync_seconds\":%.6f,\"unlock_seconds\":%.6f}", r, e, p, b - a, o - a }')"
    run sync
    record "age-open$suffix" "$(run "$LOAD" age-open --state "$state" --data-dir "$WORK/sync" --caseworker 0 --json)"
  done
  rm -rf "$WORK/sync" "$WORK/case-store"
}

# seal_bench: sealing 256 MiB, sanctuary's path vs the age crate alone,
# X25519 ($STATE) and post-quantum ($STATE_PQ), and `age -r` (Go, X25519
# only: Go age 1.1 has no post-quantum recipients) except in --post-quantum
# mode; same output disk, $RUNS runs of each, alternating, each recorded.
seal_bench() {
  local go t0 r state suffix
  head -c $((256 * 1024 * 1024)) /dev/urandom >"$WORK/in-256.bin"
  mapfile -t RECIPIENTS <"$STATE/recipients"
  AGE_ARGS=()
  for r in "${RECIPIENTS[@]}"; do AGE_ARGS+=(-r "$r"); done
  # Each sealing starts once the disk has written back what came before
  # (`sync`): one run's output written back during the next slowed it by up
  # to half, whichever side ran second.
  for _ in $(seq "$RUNS"); do
    for suffix in "" -pq; do
      state=$STATE
      [ "$suffix" = -pq ] && state=$STATE_PQ
      sync
      record "seal$suffix" "$(run "$LOAD" seal --state "$state" --input "$WORK/in-256.bin" \
        --output "$WORK/out-ours.age" --json 2>/dev/null)"
      rm -f "$WORK/out-ours.age"
      sync
      record "age-crate-seal$suffix" "$(run "$LOAD" age-seal --state "$state" --input "$WORK/in-256.bin" \
        --output "$WORK/out-crate.age" --json)"
      rm -f "$WORK/out-crate.age"
    done
    if [ "$MODE" != post-quantum ]; then
      sync
      t0=$(now_ns)
      run age "${AGE_ARGS[@]}" -o "$WORK/out-go.age" "$WORK/in-256.bin"
      go=$(awk -v s="$(seconds_since "$t0")" 'BEGIN { printf "%.3f", 256 / s }')
      rm -f "$WORK/out-go.age"
      record age-go "{\"mib_per_s\":$go}"
    fi
  done
  rm -f "$WORK/in-256.bin"
}

# abuse_bench WEB_POW_JSON: the proof of work's solve times (the CLI's
# solver) and verification cost, the page's solve times (the web-pow line
# of web/scripts/bench.mjs, given), and a simulated flood of junk reports
# against a server without the defence (--pow-max-level 0) and with it
# (the defaults); records pow, web-pow, flood-none and flood-defence.
abuse_bench() {
  record pow "$(run "$LOAD" pow --max-bits 4 --runs "$POW_RUNS" --json)"
  record web-pow "$1"
  local defence
  for defence in none defence; do
    log "flood of junk reports, defence: $defence"
    mkdir -p "$WORK/flood"
    if [ "$defence" = none ]; then start_server "$WORK/flood/data"; else start_server "$WORK/flood/data" --defaults; fi
    run "$LOAD" setup --server "$URL" --data-dir "$WORK/flood/data" --state "$WORK/flood/state" \
      --caseworkers 3 --work-factor 10 --post-quantum off >&2
    record "flood-$defence" "$(run "$LOAD" flood --server "$URL" --state "$WORK/flood/state" \
      --seconds "$FLOOD_SECONDS" --attackers 2 --label "$defence" --json)"
    stop_server
    rm -rf "$WORK/flood"
  done
}

# machine_md FILE: the machine and run description.
machine_md() {
  local how
  case "$MODE" in
    quick) how='scripts/bench.sh --quick' ;;
    post-quantum) how='scripts/bench.sh --post-quantum' ;;
    abuse) how='scripts/bench.sh --abuse' ;;
    *) how='scripts/bench.sh' ;;
  esac
  {
    echo "- mode: $MODE ($how)"
    echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo "- commit: $(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet 2>/dev/null || echo ' (with uncommitted changes)')"
    echo "- cores (nproc): $(nproc); CPU: $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)"
    echo "- memory: $(free -h | awk '/^Mem:/ {print $2}') total"
    echo "- disk (temporary folder): $(df -h "${TMPDIR:-/tmp}" | awk 'NR==2 {print $1 ", " $2 " total, " $4 " free"}'); $(lsblk -dno NAME,SIZE,ROTA,TYPE 2>/dev/null | awk '$4=="disk" && $2!="0B" {printf "%s %s rotational=%s; ", $1, $2, $3}')"
    echo "- shared machine: other builds and tests may run at the same time, so absolute figures drift; the ratios are measured in the same run."
    echo "- toolchain: $(rustc --version); Go age $(age --version 2>/dev/null || echo 'not installed')"
  } >"$1"
}

log "building (release)"
run cargo build --release --quiet -p sanctuary-server -p sanctuary-cli -p sanctuary-load

STATE=$WORK/state
STATE_PQ=$WORK/state-pq
if [ "$MODE" = post-quantum ]; then
  log "enrolling two units: roster post-quantum policy off and required"
  enroll "$STATE" off
  enroll "$STATE_PQ" required
  log "caseworker sync of $SYNC_REPORTS reports, X25519"
  sync_bench "$STATE" ""
  log "caseworker sync of $SYNC_REPORTS reports, post-quantum"
  sync_bench "$STATE_PQ" -pq
  log "sealing 256 MiB, X25519 and post-quantum"
  seal_bench
  machine_md "$WORK/machine.md"
  log "writing the Post-quantum section of docs/benchmarks.md"
  run "$LOAD" render --results "$RESULTS" --criterion "$ROOT/target/criterion" --machine "$WORK/machine.md" \
    --commands "$COMMANDS" --notes "$ROOT/load/profile-notes.md" --post-quantum-notes "$ROOT/load/post-quantum-notes.md" \
    --mode "$MODE" --out "$ROOT/docs/benchmarks.md"
  log "done: docs/benchmarks.md, section Post-quantum"
  exit 0
fi
if [ "$MODE" = abuse ]; then
  log "proof of work in the reporter page (chromium)"
  (cd "$ROOT/web" && [ -d node_modules ] || npm ci --no-audit --no-fund >&2)
  note node "$ROOT/web/scripts/bench.mjs" --pow-only
  WEB_POW=$(SANCTUARY_BIN_DIR="$BIN" node "$ROOT/web/scripts/bench.mjs" --pow-only | grep '"bench":"web-pow"')
  log "proof of work in the CLI, and floods"
  abuse_bench "$WEB_POW"
  machine_md "$WORK/machine.md"
  log "writing the Abuse resistance section of docs/benchmarks.md"
  run "$LOAD" render --results "$RESULTS" --criterion "$ROOT/target/criterion" --machine "$WORK/machine.md" \
    --commands "$COMMANDS" --notes "$ROOT/load/profile-notes.md" --mode "$MODE" --out "$ROOT/docs/benchmarks.md"
  log "done: docs/benchmarks.md, section Abuse resistance"
  exit 0
fi

log "criterion benchmarks"
run cargo bench --quiet -p sanctuary-crypto --bench crypto -- "${CRITERION_ARGS[@]}" >"$WORK/criterion.txt" 2>&1 \
  || { cat "$WORK/criterion.txt" >&2; exit 1; }

# --- durable submissions vs the rusqlite baseline, and the server's CPU
# per report vs its floors (a bare axum handler, the baseline's CPU per
# row). Each run: a freshly enrolled server, then the floor, then the
# baseline (which also times the disk's plain fsync loop). The first run's
# enrollment (one unit, three caseworkers, key files at age's calibrated
# scrypt cost) is the one every database below uses, and its server then
# serves the caseworker inbox operations.
for i in $(seq "$RUNS"); do
  log "submissions, run $i of $RUNS: 64 clients, $SUBMIT_REQUESTS requests"
  mkdir -p "$WORK/submit"
  start_server "$WORK/submit/data"
  if [ "$i" = 1 ]; then
    run "$LOAD" setup --server "$URL" --data-dir "$WORK/submit/data" --state "$STATE" --caseworkers 3 --post-quantum off
    timed_submit submit "$STATE"
    log "caseworker inbox operations"
    record inbox "$(run "$LOAD" inbox --server "$URL" --state "$STATE" --clients 4 \
      --requests "$INBOX_REQUESTS" --warmup 200 --json)"
    record server-after-load "$(run "$LOAD" rss "$SERVER_PID")"
  else
    run "$LOAD" setup --server "$URL" --data-dir "$WORK/submit/data" --state "$WORK/state-run" \
      --caseworkers 3 --work-factor 10 --post-quantum off >/dev/null
    timed_submit submit "$WORK/state-run"
  fi
  stop_server
  rm -rf "$WORK/submit" "$WORK/state-run"
  log "the bare axum handler, run $i of $RUNS"
  start_floor
  timed_submit floor-http "$STATE"
  stop_server
  log "rusqlite baseline, run $i of $RUNS"
  record baseline "$(run "$BIN/sqlite-baseline" --dir "$WORK/baseline" --rows "$BASELINE_ROWS" --json)"
  rm -rf "$WORK/baseline"
done
UNIT=$(cat "$STATE/unit-id")

# --- start-up and idle memory (an enrolled, small database)
log "start-up and idle memory"
mkdir -p "$WORK/small"
run "$LOAD" populate --data-dir "$WORK/small" --state "$STATE" --mailboxes "$SMALL_MAILBOXES"
run sync
record startup "$(run "$LOAD" startup --server-bin "$SERVER" --data-dir "$WORK/small" \
  --runs "$STARTUP_RUNS" --json)"

# --- mailbox fetch: few vs many mailboxes
# fetch_on DIR N LABEL: times fetches on the populated database in DIR (N
# mailboxes); the databases stay for the next run.
fetch_on() {
  log "mailbox fetch, $2 mailboxes"
  start_server "$1"
  record "$3" "$(run "$LOAD" fetch --server "$URL" --state "$STATE" --clients 8 \
    --requests "$FETCH_REQUESTS" --warmup 2000 --mailboxes "$2" --label "$3" --json)"
  stop_server
}
log "populating $LARGE_MAILBOXES mailboxes"
mkdir -p "$WORK/large"
run "$LOAD" populate --data-dir "$WORK/large" --state "$STATE" --mailboxes "$LARGE_MAILBOXES"
# Populating writes about 17 GB: let the kernel write it back now, not
# while the fetches are being timed (timed straight after populating, the
# p99 ratio was 1.61; timed minutes later on the same database, 1.27-1.45).
run sync
for i in $(seq "$RUNS"); do
  fetch_on "$WORK/small" "$SMALL_MAILBOXES" fetch-small
  fetch_on "$WORK/large" "$LARGE_MAILBOXES" fetch-large
done
rm -rf "$WORK/small" "$WORK/large"
record fetch-sizes "{\"small\":$SMALL_MAILBOXES,\"large\":$LARGE_MAILBOXES}"

# --- caseworker sync of 10,000 reports vs the age crate alone: X25519,
# then the same with a unit whose roster seals post-quantum
log "caseworker sync of $SYNC_REPORTS reports and $SYNC_EVENTS case events"
sync_bench "$STATE" ""
log "caseworker sync of $SYNC_REPORTS post-quantum reports"
enroll "$STATE_PQ" required
sync_bench "$STATE_PQ" -pq

# --- sealing 256 MiB: sanctuary's path vs age -r (Go) and the age crate,
# X25519 and post-quantum
log "sealing 256 MiB"
seal_bench

# --- 1 GiB attachment: client and server peak memory
log "uploading 1 GiB"
mkdir -p "$WORK/upload"
run "$LOAD" populate --data-dir "$WORK/upload" --state "$STATE"
head -c $((1024 * 1024 * 1024)) /dev/urandom >"$WORK/in-1g.bin"
start_server "$WORK/upload"
run /usr/bin/time -f '%M' -o "$WORK/client-rss" "$CLI" report submit --server "$URL" --unit "$UNIT" \
  --message "A report with a large video." --attach "$WORK/in-1g.bin" --json >/dev/null 2>"$WORK/upload.err" \
  || { cat "$WORK/upload.err" >&2; exit 1; }
record client-upload "{\"max_rss_kib\":$(tail -1 "$WORK/client-rss")}"
record server-upload "$(run "$LOAD" rss "$SERVER_PID")"
stop_server
rm -rf "$WORK/upload" "$WORK/in-1g.bin"

# --- the reporter page in chromium (release binaries, node, Debian chromium)
log "the reporter page in chromium"
WEB_ARGS=(--out "$WORK/web.md" --criterion "$ROOT/target/criterion")
[ "$MODE" = quick ] && WEB_ARGS+=(--quick)
(cd "$ROOT/web" && [ -d node_modules ] || npm ci --no-audit --no-fund >&2)
SANCTUARY_BIN_DIR="$ROOT/target/release" run node "$ROOT/web/scripts/bench.mjs" "${WEB_ARGS[@]}" >"$WORK/web.jsonl"

# --- abuse resistance: proof of work and a simulated flood
log "proof of work and floods"
abuse_bench "$(grep '"bench":"web-pow"' "$WORK/web.jsonl")"

# --- the report
log "writing docs/benchmarks.md"
machine_md "$WORK/machine.md"
run "$LOAD" render --results "$RESULTS" --criterion "$ROOT/target/criterion" --machine "$WORK/machine.md" \
  --commands "$COMMANDS" --notes "$ROOT/load/profile-notes.md" --post-quantum-notes "$ROOT/load/post-quantum-notes.md" \
  --web "$WORK/web.md" --mode "$MODE" --out "$ROOT/docs/benchmarks.md"
log "done: docs/benchmarks.md"
