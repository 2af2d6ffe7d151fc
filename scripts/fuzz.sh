#!/usr/bin/env bash
# Fuzzes Perk with libFuzzer: program files, requests, REPL scripts, ledger journals and
# program managers' test files.
#
#   scripts/fuzz.sh [SECONDS] [TARGET...]
#
# Builds the fuzz targets (Sources/Fuzz*) with libFuzzer and AddressSanitizer in
# .build-fuzz/ (and checks that both are in each binary), seeds a corpus for each from
# programs/, Playground/ and the tests' files, and runs each target for SECONDS (default
# 60), as many at once as there are cores.
# The corpora grow in .build-fuzz/corpus/TARGET and are kept between runs. An input that
# crashes, hangs (over 10 s), leaks or exhausts memory is written to
# .build-fuzz/crashes/TARGET-* (emptied when the next run starts); replay one with `.build-fuzz/release/TARGET FILE` from the
# package root, and turn it into a regression test. Exits 1 when any target found one.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-60}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(FuzzProgram FuzzRequest FuzzRepl FuzzJournal FuzzTestFile)
out=.build-fuzz
export PERK_FUZZ=1 SWIFT_BACKTRACE=enable=no

# The Swift driver keeps only the last `-sanitize=` it is given, and `swift build` passes one
# per `--sanitize` in no fixed order: both sanitizers go in one option, after SwiftPM's.
for target in "${targets[@]}"; do
    swift build -c release --product "$target" --sanitize=fuzzer -Xswiftc -sanitize=fuzzer,address \
        --scratch-path "$out" -Xswiftc -enable-testing
    # A target without coverage fuzzes blind, and one without AddressSanitizer misses what
    # it would catch: refuse both rather than count their executions.
    sections=$(readelf -SW "$out/release/$target")
    for section in __sancov_cntrs asan_globals; do
        grep -q "$section" <<< "$sections" || { echo "$target is built without $section" >&2; exit 1; }
    done
done

# Seeds, made anew each run; the corpora themselves are kept.
rm -rf "$out/seeds"
rm -rf "$out/crashes"
mkdir -p "$out/seeds" "$out/crashes" "$out/logs"
for target in "${targets[@]}"; do
    seeds="$out/seeds/$target"
    mkdir -p "$seeds" "$out/corpus/$target"
    case $target in
    FuzzProgram)
        cp programs/*.perk Playground/diff/*.perk Tests/PerkTests/Golden/*.perk Tests/PerkTests/Fixtures/*.perk "$seeds/"
        # The words of the shipped programs, for the fuzzer to splice in.
        grep -ohE '[a-z_]+|[0-9]+\.[0-9]+|[{}%=#"]' programs/*.perk | sort -u | sed 's/\\/\\\\/g; s/"/\\"/g; s/.*/"&"/' > "$out/seeds/program.dict"
        ;;
    FuzzRequest)
        cp Playground/requests/*.json "$seeds/"
        split -l 1 -a 4 Playground/diff/kenzup-requests.jsonl "$seeds/diff-"
        # The fields for programs' rules, which no Playground request shows.
        printf '%s\n' '{"time": "2020-02-12T19:20:30+01:00", "lines": [{"category": "fuel", "quantity": 21.739, "unit_price": 11.899, "full_price": 11.90}, {"category": "dairy", "unit_price": 1.23456}], "customer": {"mobile": "+212611223344", "tier": "gold", "tags": ["staff"], "birthday": "02-29", "first_purchase": true}}' > "$seeds/rule-fields.json"
        ;;
    FuzzRepl)
        cp Playground/tour/*.repl "$seeds/"
        ;;
    FuzzTestFile)
        cp programs/*.perktest Tests/PerkTests/Fixtures/*.perktest "$seeds/"
        ;;
    FuzzJournal)
        # A journal the ledger tour writes: as it is (first byte even), and as bare records
        # whose checksums the target puts back (first byte odd).
        journal=$(mktemp -d)/tour.journal
        env -u PERK_FUZZ swift build --product perk
        .build/debug/perk repl programs/kenzup.perk --ledger "$journal" < Playground/tour/kenzup.ledger.repl > /dev/null
        { printf '\0'; cat "$journal"; } > "$seeds/raw"
        { printf '\1'; cut -c10- "$journal"; } > "$seeds/records"
        ;;
    esac
done

run() {
    local target=$1 dictionary=()
    [ "$target" = FuzzProgram ] && dictionary=(-dict="$out/seeds/program.dict")
    # A crash handler that hangs must not hang the script.
    timeout $((seconds * 2 + 300)) "$out/release/$target" "$out/corpus/$target" "$out/seeds/$target" "${dictionary[@]}" \
        -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=8192 -print_final_stats=1 \
        -artifact_prefix="$out/crashes/$target-" > "$out/logs/$target.log" 2>&1
}
export -f run
export out seconds
status=0
printf '%s\n' "${targets[@]}" | xargs -P "$(nproc)" -I{} bash -c 'run {}' || status=1

total=0
for target in "${targets[@]}"; do
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$out/logs/$target.log" | tail -1)
    echo "$target: ${runs:-0} executions ($out/logs/$target.log)"
    total=$((total + ${runs:-0}))
done
echo "total: $total executions"
if ls "$out/crashes/" | grep -q .; then
    echo "inputs that failed:"; ls "$out/crashes/"; status=1
fi
exit $status
