#!/usr/bin/env bash
# Builds every sample with warnings as errors and runs it in smoke mode (a few seconds each), so that the samples
# cannot rot; then smoke-runs `lcpfn demo` and, when nats-server is installed, the HostedWorker over NATS.
# Run from anywhere (`bash .ci/samples.sh`; .ci/run does after building the solution). Needs only the .NET SDK.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
work=$(mktemp -d)
nats_pid=""
cleanup() { [ -n "$nats_pid" ] && kill "$nats_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

for sample in EmbeddedCallback HostedWorker ParquetBatch; do
  echo "-- samples/$sample: build"
  dotnet build "samples/$sample" -c Release -warnaserror -v q -clp:ErrorsOnly
  echo "-- samples/$sample: run --smoke"
  extra=()
  [ "$sample" = ParquetBatch ] && extra=(--out "$work/$sample")   # its tables go to the temporary folder
  timeout 300 dotnet "samples/$sample/bin/Release/net10.0/$sample.dll" --smoke "${extra[@]}"
done

echo "-- lcpfn demo (smoke: 8 runs, 2 orders)"
[ -f src/Cli/bin/Release/net10.0/lcpfn.dll ] || dotnet build src/Cli -c Release -warnaserror -v q -clp:ErrorsOnly
demo_args=(demo --runs 8 --orders 2 --charts 2 --out "$work/demo" --json)
[ -f data/models/default/model.json ] || demo_args+=(--extrapolator powerlaw)   # no shipped model yet: same pipeline, baseline forecasts
timeout 300 dotnet src/Cli/bin/Release/net10.0/lcpfn.dll "${demo_args[@]}"
for png in "$work"/demo/replay.png "$work"/demo/fan-*.png; do
  [ -s "$png" ] || { echo "demo did not write $png" >&2; exit 1; }
done

if command -v nats-server >/dev/null; then
  port=$(( 20000 + RANDOM % 20000 ))
  echo "-- samples/HostedWorker over NATS (nats-server on port $port)"
  nats-server -js -a 127.0.0.1 -p "$port" -sd "$work/nats" >"$work/nats.log" 2>&1 &
  nats_pid=$!
  for _ in $(seq 50); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done
  timeout 300 dotnet samples/HostedWorker/bin/Release/net10.0/HostedWorker.dll --smoke --nats --nats-url "nats://127.0.0.1:$port"
else
  echo "-- nats-server not installed: HostedWorker over NATS skipped"
fi
echo "samples: all passed"
