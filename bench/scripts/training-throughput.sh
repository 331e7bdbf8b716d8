#!/usr/bin/env bash
# Training throughput of the small preset on the CPU, interleaved A/B: `lcpfn bench train` of a baseline build
# (BASE, an lcpfn executable, e.g. one built from an older commit) and of this build, for every query setting and
# thread count, ROUNDS times, so that load changes hit both alike. Prints one line per run and writes the JSON lines
# to OUT (default bench/results/training-throughput.jsonl). Read the load average printed beside each figure.
#   BASE=/path/to/old/lcpfn ROUNDS=3 [THREADS="1 2"] [STEPS=15] [PRECISION=fp32|bf16] bash bench/scripts/training-throughput.sh
# Builds before 6a7d89a train in fp32 by default and later ones in bf16 on CPUs with native bf16: set PRECISION to
# compare like with like (older builds accept --precision too).
set -euo pipefail
cd "$(dirname "$0")/../.."
NEW=${NEW:-src/Cli/bin/Release/net10.0/lcpfn}
[ -x "$NEW" ] || dotnet build src/Cli -c Release -v q >/dev/null
ROUNDS=${ROUNDS:-3}
STEPS=${STEPS:-15}
OUT=${OUT:-bench/results/training-throughput.jsonl}
mkdir -p "$(dirname "$OUT")"
: > "$OUT"
builds=("new:$NEW")
[ -n "${BASE:-}" ] && builds=("base:$BASE" "${builds[@]}")
for round in $(seq "$ROUNDS"); do
  for threads in ${THREADS:-1 2}; do
    for queries in all 12; do
      for build in "${builds[@]}"; do
        name=${build%%:*}; exe=${build#*:}
        args=(bench train --preset small --device cpu --batch 100 --prior schedules --steps "$STEPS" --threads "$threads" --json)
        [ "$queries" = all ] || args+=(--query-positions "$queries")
        [ -n "${PRECISION:-}" ] && args+=(--precision "$PRECISION")
        load=$(cut -d' ' -f1 /proc/loadavg)
        line=$("$exe" "${args[@]}" 2>/dev/null | tail -1)
        cps=$(python3 -c 'import json,sys; print(round(json.loads(sys.argv[1])["curves_per_second"]))' "$line")
        echo "round $round  $name  threads $threads  queries $queries  $cps curves/s  (load $load)"
        python3 -c 'import json,sys; d=json.loads(sys.argv[1]); d.update(build=sys.argv[2], round=int(sys.argv[3]), threads=int(sys.argv[4]), queries=sys.argv[5], load=float(sys.argv[6])); print(json.dumps(d))' \
          "$line" "$name" "$round" "$threads" "$queries" "$load" >> "$OUT"
      done
    done
  done
done
