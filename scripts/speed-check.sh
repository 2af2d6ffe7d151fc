#!/usr/bin/env bash
# Speed check that does not depend on the machine's load: counts the instructions of one
# evaluation of each PerkBench evaluation case under callgrind and compares them with
# scripts/instructions.baseline.
#
#   scripts/speed-check.sh            compare; exit 1 when a case costs more than allowed
#   scripts/speed-check.sh --update   measure and write the baseline anew
#
# An evaluation's count is (I(2N) - I(N)) / N, where I(K) is the whole process's count when
# PerkBench evaluates the case K times: the setup (compiling the programs, decoding the
# requests) is the same in both runs and cancels out. Hashing is made deterministic so that
# both runs, and every machine, hash alike. A case may cost 3% more than its baseline when
# the Swift version and CPU model are the baseline's, 10% otherwise (other CPUs take other
# paths through the C library, other compilers emit other code).
set -euo pipefail
cd "$(dirname "$0")/.."

baseline=scripts/instructions.baseline
runs=10000
update=false
[[ "${1:-}" == "--update" ]] && update=true

command -v valgrind >/dev/null || { echo "speed-check: valgrind is not installed" >&2; exit 2; }
swift build -c release --product PerkBench >/dev/null
bench=.build/release/PerkBench

swift_version=$(swift --version 2>&1 | grep -m1 -o 'Swift version [^ ]*' || echo unknown)
cpu=$(grep -m1 '^model name' /proc/cpuinfo 2>/dev/null | sed 's/^[^:]*: *//' || true)
cpu=${cpu:-$(uname -m)}

# The instructions of the whole process evaluating case $1 $2 times.
instructions() {
    local out
    out=$(mktemp)
    SWIFT_DETERMINISTIC_HASHING=1 valgrind --tool=callgrind --callgrind-out-file="$out" \
        "$bench" --profile "$2" --evaluation "$1" >/dev/null 2>&1 || {
        echo "speed-check: PerkBench failed under valgrind for case $1" >&2; rm -f "$out"; exit 2; }
    awk '/^totals:/ { print $2 }' "$out"
    rm -f "$out"
}

# The instructions of one evaluation of case $1.
per_evaluation() {
    local once twice
    once=$(instructions "$1" "$runs")
    twice=$(instructions "$1" $((2 * runs)))
    echo $(((twice - once) / runs))
}

if $update; then
    cases=$(awk '$1 !~ /^#/ && NF == 2 && $1 != "swift:" && $1 != "cpu:" { print $1 }' "$baseline")
    {
        echo "# Instructions per evaluation of each PerkBench evaluation case, counted by"
        echo "# scripts/speed-check.sh. A change that makes a case slower on purpose writes this"
        echo "# file anew (scripts/speed-check.sh --update) in the same commit and says why."
        echo "swift: $swift_version"
        echo "cpu: $cpu"
        for key in $cases; do echo "$key $(per_evaluation "$key")"; done
    } > "$baseline.new"
    mv "$baseline.new" "$baseline"
    cat "$baseline"
    exit 0
fi

base_swift=$(sed -n 's/^swift: //p' "$baseline")
base_cpu=$(sed -n 's/^cpu: //p' "$baseline")
allowed=3
if [[ "$base_swift" != "$swift_version" || "$base_cpu" != "$cpu" ]]; then
    allowed=10
    echo "speed-check: the baseline was measured with $base_swift on $base_cpu;"
    echo "             this is $swift_version on $cpu, so a case may cost up to 10% more."
fi

failed=0
printf '%-10s %10s %10s %8s\n' case baseline now change
while read -r key expected; do
    [[ -z "$key" || "$key" == \#* || "$key" == swift: || "$key" == cpu: ]] && continue
    now=$(per_evaluation "$key")
    change=$(awk -v a="$expected" -v b="$now" 'BEGIN { printf "%+.1f%%", (b - a) * 100 / a }')
    verdict=ok
    if (( now * 100 > expected * (100 + allowed) )); then verdict="SLOWER than $allowed% allows"; failed=1; fi
    printf '%-10s %10s %10s %8s  %s\n' "$key" "$expected" "$now" "$change" "$verdict"
done < <(grep -v '^#' "$baseline")

if (( failed )); then
    echo "speed-check: a case costs more than its baseline allows. If that is on purpose, run"
    echo "             scripts/speed-check.sh --update and say why in the commit."
    exit 1
fi
