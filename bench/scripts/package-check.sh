#!/usr/bin/env bash
# The packaging goal, checked from outside the repository (issue 17; docs/install.md). Slow (5 to 10 min: it packs
# the solution, restores a consumer and installs the 140 MB tool), so CI does not run it.
#  1. `dotnet pack LcPfn.sln -c Release -o FEED`;
#  2. a new console project with only <PackageReference Include="LcPfn.EarlyStop"/> from FEED and the first C#
#     snippet of docs/integrate.md as Program.cs (plus a simulated TrainOneEpoch) builds and runs, with no LCPFN_*
#     environment variable: the model and the LibTorch loader fix come with the package;
#  3. `dotnet tool install --tool-path TOOLS --add-source FEED LcPfn.Tool`, then `lcpfn demo` from another folder;
#  4. the size of `dotnet publish src/Cli -c Release -r linux-x64`.
# Usage: bash bench/scripts/package-check.sh   (folders: FEED=/tmp/feed CONSUMER=/tmp/consumer TOOLS=/tmp/T
# DEMO_DIR=/tmp PUBLISH=/tmp/lcpfn-publish; each is emptied first). Needs the .NET 10 SDK and the NuGet sources
# that restore the repository (the feed is added beside them, not instead of them).
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
feed="${FEED:-/tmp/feed}" consumer="${CONSUMER:-/tmp/consumer}" tools="${TOOLS:-/tmp/T}"
demo_dir="${DEMO_DIR:-/tmp}" publish="${PUBLISH:-/tmp/lcpfn-publish}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
unset LCPFN_MODEL LCPFN_NATS_URL
start=$(date +%s)
step() { echo; echo "== $* ($(( $(date +%s) - start )) s)"; }

version="$(dotnet msbuild "$repo/src/Prior/LcPfn.Prior.csproj" -getProperty:Version)"
step "pack LcPfn.sln (version $version) into $feed"
rm -rf "$feed"
dotnet pack "$repo/LcPfn.sln" -c Release -o "$feed" -v q -clp:ErrorsOnly
ls -l "$feed"
# A package of the same version restored earlier would be used from the global cache instead of the new one.
cache="$(dotnet nuget locals global-packages --list | sed 's/^global-packages: //')"
rm -rf "$cache"/lcpfn.prior/"$version" "$cache"/lcpfn.transformer/"$version" "$cache"/lcpfn.earlystop/"$version" "$cache"/lcpfn.tool/"$version"

step "consumer: a new console project in $consumer with only LcPfn.EarlyStop $version"
rm -rf "$consumer" && mkdir -p "$consumer" && cd "$consumer"
dotnet new console --framework net10.0 --name Consumer --output . >/dev/null
cat > nuget.config <<EOF
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <add key="lcpfn-feed" value="$feed" />
  </packageSources>
</configuration>
EOF
sed -i "s|</Project>|  <ItemGroup>\n    <PackageReference Include=\"LcPfn.EarlyStop\" Version=\"$version\" />\n  </ItemGroup>\n</Project>|" Consumer.csproj
# Program.cs: the first csharp block of docs/integrate.md; after its usings, the two names it leaves to the reader.
snippet="$(awk '/^```csharp/ { if (++n == 1) { inside = 1; next } } inside && /^```/ { exit } inside' "$repo/docs/integrate.md")"
{
  printf '%s\n' "$snippet" | sed -n '/^using /p'
  cat <<'EOF'

// Supplied by package-check.sh: the study's runs and a simulated epoch (a saturating curve whose final accuracy
// peaks at lr = 0.01), standing in for real training.
double[] learningRates = [0.01, 0.1, 0.003, 0.03, 0.3];
var epochsDone = new Dictionary<double, int>();
double TrainOneEpoch(double lr)
{
    int epoch = epochsDone[lr] = epochsDone.GetValueOrDefault(lr) + 1;
    double final = 0.9 - 0.2 * Math.Abs(Math.Log10(lr / 0.01));
    return final * (1 - Math.Exp(-epoch / 5.0)) + 0.005 * Math.Sin(7 * epoch + lr);
}
EOF
  printf '%s\n' "$snippet" | sed '/^using /d'
} > Program.cs
cat Consumer.csproj
env -i HOME="$HOME" PATH="$PATH" DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 dotnet build -c Release -v q -clp:ErrorsOnly
ls bin/Release/net10.0/data/models/default
env -i HOME="$HOME" PATH="$PATH" dotnet bin/Release/net10.0/Consumer.dll

step "tool: install LcPfn.Tool $version into $tools"
rm -rf "$tools"
dotnet tool install --tool-path "$tools" --add-source "$feed" LcPfn.Tool --version "$version"
du -sh "$tools"

step "lcpfn demo from $demo_dir"
cd "$demo_dir"
env -i HOME="$HOME" PATH="$PATH" "$tools/lcpfn" demo

step "publish src/Cli -c Release -r linux-x64"
rm -rf "$publish"
dotnet publish "$repo/src/Cli" -c Release -r linux-x64 -o "$publish" -v q -clp:ErrorsOnly
du -sh "$publish"
ls "$publish/runtimes" 2>/dev/null || echo "(no runtimes/ folder: the native libraries of linux-x64 only, next to lcpfn)"
ls "$publish/data/models/default" "$publish/data/curves"

step "package check passed"
