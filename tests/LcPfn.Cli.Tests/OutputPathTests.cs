using LcPfn.Tests;
using Shouldly;

namespace LcPfn.Cli.Tests;

/// <summary>Every command that writes a file: the name's extension is the format written, and missing folders are created.</summary>
public sealed class OutputPathTests : IDisposable
{
    private static string SampleCurves => Path.Combine(TestPaths.RepositoryRoot, "data", "curves", "prior-sample.parquet");

    private readonly string _folder = Directory.CreateTempSubdirectory("lcpfn-output-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Extrapolate_CsvOutputName_ExitsTwoAndWritesNothing()
    {
        string csv = Path.Combine(_folder, "preds.csv");

        var result = await CliRunner.RunAsync("extrapolate", "--input", SampleCurves, "--out", csv, "--extrapolator", "last");

        result.ExitCode.ShouldBe(2, result.Stderr);
        result.Stderr.ShouldContain($"--out '{csv}' must end in .parquet");
        Directory.GetFiles(_folder).ShouldBeEmpty();
    }

    [Fact]
    public async Task Extrapolate_MissingOutputFolder_IsCreated()
    {
        string output = Path.Combine(_folder, "new", "deeper", "preds.parquet");

        var result = await CliRunner.RunAsync("extrapolate", "--input", SampleCurves, "--out", output, "--extrapolator", "last");

        result.ExitCode.ShouldBe(0, result.Stderr);
        File.Exists(output).ShouldBeTrue();
        File.Exists(Path.Combine(_folder, "new", "deeper", "preds.rejected.parquet")).ShouldBeTrue();
    }

    [Fact]
    public async Task PriorSample_MissingOutputFolder_IsCreated()
    {
        string output = Path.Combine(_folder, "new", "curves.parquet");

        var result = await CliRunner.RunAsync("prior", "sample", "--count", "3", "--out", output);

        result.ExitCode.ShouldBe(0, result.Stderr);
        File.Exists(output).ShouldBeTrue();
    }

    [Fact]
    public async Task PriorPlot_NonPngName_ExitsTwo()
    {
        var result = await CliRunner.RunAsync("prior", "plot", "--out", Path.Combine(_folder, "grid.jpg"), "--per-panel", "1");

        result.ExitCode.ShouldBe(2, result.Stderr);
        result.Stderr.ShouldContain("must end in .png");
    }
}
