#!/usr/bin/env bash
# Regenerates the PFN figures of docs/accuracy.md and docs/early-stopping.md for a model folder.
#   bash bench/scripts/accuracy.sh [MODEL_DIR] [OUT_DIR]
# Writes one JSON file per data set into OUT_DIR (default: bench/results/<date>). Every real data set here was trained
# with a cosine learning-rate schedule, so the real curves are forecast with `--schedule cosine` (SCHEDULE= to change;
# SCHEDULE=none forecasts them with the schedule unknown).
set -euo pipefail
cd "$(dirname "$0")/../.."
model=${1:-data/models/default}
out=${2:-bench/results/$(date -u +%Y-%m-%d)}
D=../shared/data
mkdir -p "$out"
dotnet build src/Cli -c Release -v:q >/dev/null
L="dotnet src/Cli/bin/Release/net10.0/lcpfn.dll"
schedule=${SCHEDULE:-cosine}
S=(); [ "$schedule" = none ] || S=(--schedule "$schedule")
$L eval prior --model "$model" --curves 1000 --json > "$out/eval-prior.json"
# The MCMC posterior side by side with the PFN on the same (smaller) prior test set: seconds per curve in one run.
$L eval prior --model "$model" --curves 100 --baselines last,powerlaw,mcmc --json > "$out/eval-prior-mcmc.json"
$L eval curves --model "$model" --scale 0.01 "${S[@]}" --json --input $D/nb201/nb201_cifar10-valid_hp200_valid_acc.csv > "$out/eval-nb201.json"
$L eval curves --model "$model" --scale 0.01 "${S[@]}" --json --input $D/spikenas/spikenas_cifar10_100ep_val_acc.part03.csv > "$out/eval-spikenas-c10-100-part03.json"
$L eval curves --model "$model" --scale 0.01 "${S[@]}" --json --input $D/spikenas/spikenas_cifar10_200ep_val_acc.csv > "$out/eval-spikenas-c10-200.json"
$L eval curves --model "$model" --scale 0.01 "${S[@]}" --json --input $D/spikenas/spikenas_cifar100_100ep_val_acc.csv > "$out/eval-spikenas-c100.json"
$L eval curves --model "$model" --scale 0.01 "${S[@]}" --json --input $D/spikenas/spikenas_tinyimagenet_100ep_val_acc.csv > "$out/eval-spikenas-tiny.json"
$L replay --model "$model" --input $D/nb201/nb201_cifar10-valid_hp200_valid_acc.csv --scale 0.01 "${S[@]}" --policy lcpfn --sweep --out "$out/replay-nb201.png" --json > "$out/replay-nb201.json"
$L replay --model "$model" --input $D/spikenas/spikenas_cifar10_200ep_val_acc.csv --scale 0.01 "${S[@]}" --policy lcpfn --sweep --json > "$out/replay-spikenas-c10-200.json"
$L replay --model "$model" --input $D/spikenas/spikenas_cifar10_100ep_val_acc.part01.csv $D/spikenas/spikenas_cifar10_100ep_val_acc.part02.csv $D/spikenas/spikenas_cifar10_100ep_val_acc.part03.csv --max-runs 500 --scale 0.01 "${S[@]}" --policy lcpfn --sweep --json > "$out/replay-spikenas-c10-100-500.json"
echo "results in $out"
