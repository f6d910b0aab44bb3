#!/usr/bin/env bash
# Checks the live server against its own specification, docs/api/openapi.yaml,
# with schemathesis (pip install schemathesis==4.32.5): a real
# sanctuary-server on 127.0.0.1 with a temporary data directory, enrolled by
# the api_signer example, which also signs caseworker requests
# (scripts/schemathesis_hooks.py). It runs in the temporary directory, so
# its cache stays out of the tree. Fails on any 5xx, any status code,
# content type, header or body the specification does not allow, any
# request that takes longer than the request timeout, and on anything the
# server logs as an error.
#
#   scripts/schemathesis.sh                 # the CI run
#   SCHEMATHESIS_MAX_EXAMPLES=500 scripts/schemathesis.sh
set -euo pipefail
cd "$(dirname "$0")/.."

max_examples=${SCHEMATHESIS_MAX_EXAMPLES:-40}
# A hard bound on the whole run, whatever happens.
hard_limit=${SCHEMATHESIS_HARD_LIMIT_SECS:-900}

command -v schemathesis >/dev/null ||
    { echo "schemathesis is not installed: pip install schemathesis==4.32.5" >&2; exit 1; }
cargo build --locked --quiet -p sanctuary-server --bin sanctuary-server --example api_signer
repo=$(pwd)
target=$(realpath "${CARGO_TARGET_DIR:-target}")

work=$(mktemp -d)
server_pid=
cleanup() {
    if [ -n "$server_pid" ]; then
        kill "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT

"$target/debug/sanctuary-server" --listen 127.0.0.1:0 --data-dir "$work/data" \
    --request-timeout-secs 10 --upload-timeout-secs 20 2>"$work/server.log" &
server_pid=$!
addr=
for _ in $(seq 100); do
    addr=$(sed -n 's/^listening on //p' "$work/server.log")
    [ -n "$addr" ] && break
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.1
done
[ -n "$addr" ] || { cat "$work/server.log" >&2; echo "the server did not start" >&2; exit 1; }
echo "server on $addr"

status=0
SANCTUARY_SIGNER="$target/debug/examples/api_signer" \
SANCTUARY_URL="http://$addr" \
SANCTUARY_DATA="$work/data" \
SANCTUARY_STATUS_FILE="$work/statuses" \
PYTHONPATH="$repo/scripts${PYTHONPATH:+:$PYTHONPATH}" \
PYTHONDONTWRITEBYTECODE=1 \
SCHEMATHESIS_HOOKS=schemathesis_hooks \
    bash -c 'cd "$1" && shift && exec "$@"' - "$work" \
    timeout --kill-after=10 "$hard_limit" schemathesis run "$repo/docs/api/openapi.yaml" \
    --url "http://$addr" \
    --checks all \
    --exclude-checks positive_data_acceptance \
    --max-examples "$max_examples" \
    --request-timeout 15 \
    --workers 1 \
    --seed 1 \
    --no-color \
    --suppress-health-check all ||
    status=$?

kill -0 "$server_pid" 2>/dev/null || { echo "the server died" >&2; status=1; }
# Answers per operation and status. Signed requests must have got through.
if [ -s "$work/statuses" ]; then
    echo "answers (count, operation, status):"
    sed 's/^/  /' "$work/statuses"
    awk '{ n += $1 } END { print "  " n " requests in all" }' "$work/statuses"
fi
for signed in "GET /v1/inbox 200" "DELETE /v1/inbox/{id} 204"; do
    grep -q " $signed\$" "$work/statuses" 2>/dev/null ||
        { echo "no signed request got through: no '$signed'" >&2; status=1; }
done
if grep -E '^error:' "$work/server.log"; then
    echo "the server logged errors (above)" >&2
    status=1
fi
if [ "$status" -ne 0 ]; then
    echo "schemathesis.sh: FAILED (exit $status)" >&2
    exit "$status"
fi
echo "schemathesis.sh: no failures"
