using System.Text.Json;
using LcPfn.Prior;
using LcPfn.Prior.Data;
using LcPfn.Tests;
using Shouldly;

namespace LcPfn.Cli.Tests;

/// <summary><c>prior sample</c> writes curves every command reads: values clipped to [0, 1] and counted, or raw on request.</summary>
[Collection("Torch")]
public sealed class PriorSampleCommandTests
{
    private const int Curves = 300;
    private const string Seed = "20261128";

    [Fact]
    public async Task PriorSample_DefaultWritesValuesClippedToTheUnitRangeAndCountsThem()
    {
        string dir = Directory.CreateTempSubdirectory("lcpfn-prior-sample-").FullName;
        try
        {
            string clippedPath = Path.Combine(dir, "clipped.parquet");
            string rawPath = Path.Combine(dir, "raw.parquet");
            var clipped = await CliRunner.RunAsync("prior", "sample", "--count", $"{Curves}", "--seed", Seed, "--out", clippedPath, "--threads", "1", "--json");
            clipped.ExitCode.ShouldBe(0, clipped.Stderr);
            var raw = await CliRunner.RunAsync("prior", "sample", "--count", $"{Curves}", "--seed", Seed, "--out", rawPath, "--threads", "1", "--raw", "--json");
            raw.ExitCode.ShouldBe(0, raw.Stderr);

            var rawValues = Values(rawPath);
            var clippedValues = Values(clippedPath);
            int outside = rawValues.Count(v => v is < 0 or > 1);
            outside.ShouldBeGreaterThan(0, "the prior's noise leaves [0, 1] for some curves");
            clippedValues.ShouldAllBe(v => v >= 0 && v <= 1);
            clippedValues.ShouldBe(rawValues.Select(v => Math.Clamp(v, 0, 1)).ToList());

            using var doc = JsonDocument.Parse(clipped.Stdout.Trim().Split('\n').Last());
            doc.RootElement.GetProperty("values_clipped").GetInt64().ShouldBe(outside);
            clipped.Stderr.ShouldContain($"{outside:N0} noisy values outside [0, 1] clipped");
            using var rawDoc = JsonDocument.Parse(raw.Stdout.Trim().Split('\n').Last());
            rawDoc.RootElement.GetProperty("values_clipped").GetInt64().ShouldBe(0);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task Demo_ShippedPriorSample_Runs()
    {
        string sample = Path.Combine(TestPaths.RepositoryRoot, "data", "curves", "prior-sample.parquet");
        string outDir = Directory.CreateTempSubdirectory("lcpfn-demo-prior-").FullName;
        try
        {
            var result = await CliRunner.RunAsync("demo", "--input", sample, "--runs", "8", "--orders", "1", "--charts", "0", "--threads", "1", "--out", outDir, "--json");
            result.ExitCode.ShouldBe(0, result.Stderr);
            using var doc = JsonDocument.Parse(result.Stdout.Trim().Split('\n').Last());
            doc.RootElement.GetProperty("runs").GetInt32().ShouldBe(8);
        }
        finally
        {
            Directory.Delete(outDir, recursive: true);
        }
    }

    private static List<double> Values(string path) =>
        [.. CurveFileReader.ReadMany([path], new CurveReadOptions()).Curves.SelectMany(c => c.Values.ToArray())];
}
