#!/usr/bin/env bash
# Regenerates the calibration figures of docs/accuracy.md and docs/early-stopping.md (issue 14).
# Usage: bash bench/scripts/calibration.sh [OUT_DIR] [eval|replay|others|all]   (from the repository root, after dotnet build src/Cli -c Release)
# LCPFN overrides the command (default: dotnet src/Cli/bin/Release/net10.0/lcpfn.dll); SCHEDULE=cosine passes
# --schedule cosine to every command (both benchmarks train with cosine annealing over their horizon).
# NB201 is split into two halves by row (odd/even) so that "past curves of the same benchmark" never include the
# curves being scored; SpikeNAS CIFAR-10 100-epoch is fitted on part01 and scored on part03.
set -euo pipefail
OUT=${1:-bench/results/calibration}
WHAT=${2:-all}
L() { ${LCPFN:-dotnet src/Cli/bin/Release/net10.0/lcpfn.dll} "$@" ${SCHEDULE:+--schedule "$SCHEDULE"}; }
D=../shared/data
NB=$D/nb201/nb201_cifar10-valid_hp200_valid_acc.csv
SP1=$D/spikenas/spikenas_cifar10_100ep_val_acc.part01.csv
SP2=$D/spikenas/spikenas_cifar10_100ep_val_acc.part02.csv
SP3=$D/spikenas/spikenas_cifar10_100ep_val_acc.part03.csv
mkdir -p "$OUT"
S="$OUT/split"; mkdir -p "$S"
(head -1 $NB; tail -n +2 $NB | awk 'NR%2==1') > $S/nb201_a.csv
(head -1 $NB; tail -n +2 $NB | awk 'NR%2==0') > $S/nb201_b.csv

if [ "$WHAT" = eval ] || [ "$WHAT" = all ]; then
# Accuracy (eval curves): raw, online (5-fold by run over the input), and from past curves of the same benchmark.
L eval curves --baselines none --scale 0.01 --json --input $NB --calibration none   > $OUT/eval_nb201_none.json
L eval curves --baselines none --scale 0.01 --json --input $NB --calibration online > $OUT/eval_nb201_online.json
L eval curves --baselines none --scale 0.01 --json --input $S/nb201_b.csv --calibration $S/nb201_a.csv --save-calibration $OUT/nb201_a.calibration.json > $OUT/eval_nb201_b_from_a.json
L eval curves --baselines none --scale 0.01 --json --input $S/nb201_a.csv --calibration $S/nb201_b.csv > $OUT/eval_nb201_a_from_b.json
L eval curves --baselines none --scale 0.01 --json --input $SP3 --calibration none   > $OUT/eval_sp3_none.json
L eval curves --baselines none --scale 0.01 --json --input $SP3 --calibration online > $OUT/eval_sp3_online.json
L eval curves --baselines none --scale 0.01 --json --input $SP3 --calibration $SP1 --save-calibration $OUT/spikenas_part01.calibration.json > $OUT/eval_sp3_from_part01.json
fi
if [ "$WHAT" = replay ] || [ "$WHAT" = all ]; then
# Early stopping (replay, 5 arrival orders): raw, online, past curves, and the baselines.
for c in none online; do
  L replay --input $NB --scale 0.01 --orders 5 --sweep --calibration $c --json > $OUT/replay_nb201_$c.json
  L replay --input $SP1 $SP2 $SP3 --max-runs 500 --scale 0.01 --orders 5 --sweep --calibration $c --json > $OUT/replay_sp_$c.json
done
# Past curves of the same benchmark (the maps written by the eval part above): alone, and under the online layer.
L replay --input $S/nb201_b.csv --scale 0.01 --orders 5 --sweep --calibration online --json > $OUT/replay_nb201_b_online.json
L replay --input $S/nb201_b.csv --scale 0.01 --orders 5 --sweep --calibration $OUT/nb201_a.calibration.json --json > $OUT/replay_nb201_b_from_a.json
L replay --input $S/nb201_b.csv --scale 0.01 --orders 5 --sweep --calibration online $OUT/nb201_a.calibration.json --json > $OUT/replay_nb201_b_online_from_a.json
L replay --input $SP2 $SP3 --max-runs 500 --scale 0.01 --orders 5 --sweep --calibration $OUT/spikenas_part01.calibration.json --json > $OUT/replay_sp23_from_part01.json
L replay --input $SP2 $SP3 --max-runs 500 --scale 0.01 --orders 5 --sweep --calibration online $OUT/spikenas_part01.calibration.json --json > $OUT/replay_sp23_online_from_part01.json
for p in asha median; do
  L replay --input $NB --scale 0.01 --orders 5 --sweep --policy $p --json > $OUT/replay_nb201_$p.json
  L replay --input $SP1 $SP2 $SP3 --max-runs 500 --scale 0.01 --orders 5 --sweep --policy $p --json > $OUT/replay_sp_$p.json
done
fi

# The other shared data sets, with the defaults chosen above (nothing tuned on them): raw vs online.
if [ "$WHAT" = others ] || [ "$WHAT" = all ]; then
for f in nb201/nb201_cifar10-valid_hp200_train_acc spikenas/spikenas_cifar10_200ep_val_acc spikenas/spikenas_cifar100_100ep_val_acc spikenas/spikenas_tinyimagenet_100ep_val_acc; do
  n=$(basename $f)
  for c in none online; do
    L eval curves --baselines none --scale 0.01 --json --input $D/$f.csv --calibration $c > $OUT/eval_${n}_$c.json
    L replay --input $D/$f.csv --scale 0.01 --orders 5 --calibration $c --json > $OUT/replay_${n}_$c.json
  done
done
fi
