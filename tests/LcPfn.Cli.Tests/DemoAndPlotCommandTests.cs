using System.Text.Json;
using LcPfn.Tests;
using Shouldly;

namespace LcPfn.Cli.Tests;

/// <summary>The front door runs end to end on the shipped model and sample curves, and writes readable PNGs.</summary>
[Collection("Torch")]
public sealed class DemoAndPlotCommandTests
{
    private static string ShippedModel => Path.Combine(TestPaths.RepositoryRoot, "data", "models", "default");
    private static string SampleCurves => Path.Combine(TestPaths.RepositoryRoot, "data", "curves", "prior-sample.parquet");

    private static bool IsPng(string path) =>
        File.Exists(path) && File.ReadAllBytes(path).AsSpan(0, 8).SequenceEqual(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A });

    [Fact]
    public async Task Demo_ShippedModelAndRealCurves_ReportsTheSummaryAndWritesCharts()
    {
        string outDir = Directory.CreateTempSubdirectory("lcpfn-demo-").FullName;
        try
        {
            var result = await CliRunner.RunAsync("demo", "--model", ShippedModel, "--runs", "12", "--orders", "2", "--seed", "0", "--charts", "1", "--threads", "1", "--out", outDir, "--json");
            result.ExitCode.ShouldBe(0, result.Stderr);
            using var doc = JsonDocument.Parse(result.Stdout.Trim().Split('\n').Last());
            var root = doc.RootElement;
            root.GetProperty("runs").GetInt32().ShouldBe(12);
            root.GetProperty("epochs_full").GetDouble().ShouldBe(12 * 200, "the shipped NAS-Bench-201 curves have 200 epochs");
            root.GetProperty("schedule").GetString().ShouldBe("cosine");
            // The demo's known decisions on seed 0 (one CPU thread): 5.5 of the 12 runs stopped and 1,567.5 of the
            // 2,400 epochs used (means over the 2 orders), and the best run never stopped. A change to the stop rule, the model, the calibration or
            // the replay shows here.
            root.GetProperty("stopped").GetDouble().ShouldBe(5.5);
            root.GetProperty("epochs_used").GetDouble().ShouldBe(1567.5);
            root.GetProperty("speedup").GetDouble().ShouldBe(2400.0 / 1567.5, 1e-12);
            root.GetProperty("regret").GetDouble().ShouldBe(0);
            Directory.GetFiles(outDir, "*.png").Where(IsPng).Count().ShouldBeGreaterThanOrEqualTo(2, "a fan chart and the replay chart");
        }
        finally
        {
            Directory.Delete(outDir, recursive: true);
        }
    }

    [Fact]
    public async Task Plot_RunOfTheSampleCurves_WritesAFanChart()
    {
        string png = Path.Combine(Path.GetTempPath(), $"lcpfn-plot-{Guid.NewGuid():N}.png");
        try
        {
            var result = await CliRunner.RunAsync("plot", "--model", ShippedModel, "--input", SampleCurves, "--run", "7", "--cutoff", "20", "--threads", "1", "--out", png, "--json");
            result.ExitCode.ShouldBe(0, result.Stderr);
            using var doc = JsonDocument.Parse(result.Stdout.Trim().Split('\n').Last());
            doc.RootElement.GetProperty("path").GetString().ShouldBe(Path.GetFullPath(png));
            IsPng(png).ShouldBeTrue();
        }
        finally
        {
            File.Delete(png);
        }
    }

    [Fact]
    public async Task Plot_UnknownRun_ExitsTwoNamingTheRun()
    {
        var result = await CliRunner.RunAsync("plot", "--model", ShippedModel, "--input", SampleCurves, "--run", "no-such-run", "--out", Path.Combine(Path.GetTempPath(), "never.png"));
        result.ExitCode.ShouldBe(2);
        result.Stderr.ShouldContain("no-such-run");
    }
}
