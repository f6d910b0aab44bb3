#!/usr/bin/env bash
# Runs the cargo-fuzz targets in fuzz/ against the committed corpus.
#
#   scripts/fuzz.sh --ci            every target for a few seconds (CI: catches regressions)
#   scripts/fuzz.sh SECONDS [TARGET...]
#                                   each target (or the given ones) for SECONDS, growing the
#                                   corpus; then `cargo fuzz cmin` keeps it small
#
# Needs the nightly toolchain and cargo-fuzz (installed here if missing).
# A crash leaves its input in fuzz/artifacts/TARGET/ and fails the run;
# reproduce it with `cargo +nightly fuzz run TARGET fuzz/artifacts/TARGET/crash-…`.
set -euo pipefail
cd "$(dirname "$0")/../fuzz"

ci=false
seconds=${1:-60}
if [ "${1:-}" = "--ci" ]; then ci=true; seconds=8; fi
shift || true

command -v cargo-fuzz >/dev/null || cargo install --locked cargo-fuzz --version 0.13.2

targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    mapfile -t targets < <(cargo +nightly fuzz list)
fi

cargo +nightly fuzz build -O
for t in "${targets[@]}"; do
    mkdir -p "corpus/$t"
    if $ci; then
        # Read-only: copy the corpus so CI leaves the tree as it found it.
        work=$(mktemp -d)
        cp -r "corpus/$t/." "$work/"
        corpus=$work
    else
        corpus="corpus/$t"
    fi
    printf '%-20s ' "$t"
    if ! cargo +nightly fuzz run -O "$t" "$corpus" -- \
            -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
            >"/tmp/fuzz-$t.log" 2>&1; then
        echo "FAILED (see /tmp/fuzz-$t.log and fuzz/artifacts/$t/)"
        tail -40 "/tmp/fuzz-$t.log"
        exit 1
    fi
    runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "/tmp/fuzz-$t.log" | grep -o '[0-9]*$' || echo '?')
    cov=$(grep -E '^#[0-9]+.*DONE' "/tmp/fuzz-$t.log" | grep -o 'cov: [0-9]*' | tail -1 || true)
    echo "ok: $runs executions in ${seconds}s, $cov"
    if $ci; then rm -rf "$work"; fi
done
if ! $ci; then
    for t in "${targets[@]}"; do cargo +nightly fuzz cmin -O "$t" >/dev/null 2>&1; done
fi
