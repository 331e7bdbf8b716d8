using System.Globalization;
using System.Text;
using Shouldly;

namespace LcPfn.Cli.Tests;

/// <summary><c>lcpfn replay</c> on values outside [0, 1]: exit 2 naming the file's run, with advice only when it is right.</summary>
public sealed class ReplayCommandTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "lcpfn-replay-tests-" + Guid.NewGuid().ToString("N"));

    public ReplayCommandTests() => Directory.CreateDirectory(_folder);

    public void Dispose()
    {
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }

    private string WriteCurves(string name, Func<int, int, double> value)
    {
        var text = new StringBuilder("study,run_id,epoch,value,horizon\n");
        foreach (var run in new[] { "alpha", "beta", "gamma" })
            for (int epoch = 1; epoch <= 20; epoch++)
                text.Append(CultureInfo.InvariantCulture, $"s,{run},{epoch},{value(run.Length, epoch)},20\n");
        string path = Path.Combine(_folder, name);
        File.WriteAllText(path, text.ToString());
        return path;
    }

    [Fact]
    public async Task Replay_PercentDataWithoutScale_ExitsTwoNamingTheRunAndAdvisingScale()
    {
        string path = WriteCurves("percent.csv", (k, e) => 30 + k + 2 * e);

        var result = await CliRunner.RunAsync("replay", "--input", path, "--extrapolator", "last", "--orders", "1", "--calibration", "none");

        result.ExitCode.ShouldBe(2, result.Stderr);
        result.Stderr.ShouldContain("Run 'alpha' (study s), epoch 1: value 37 is outside [0, 1]");
        result.Stderr.ShouldContain("--scale 0.01");
        result.Stderr.ShouldNotContain("'0:");
        result.Stderr.ShouldNotContain("StopRuleOptions");
    }

    [Fact]
    public async Task Replay_FractionsWithNoiseJustAboveOne_ClipsAndSaysHowMany()
    {
        string path = WriteCurves("noisy.csv", (k, e) => e == 20 && k == 4 ? 1.004 : 0.5 + 0.02 * e);

        var result = await CliRunner.RunAsync("replay", "--input", path, "--extrapolator", "last", "--orders", "1", "--calibration", "none");

        result.ExitCode.ShouldBe(0, result.Stderr);
        result.Stderr.ShouldContain("1 value(s) just outside [0, 1] (by at most 1");
    }

    [Fact]
    public async Task Replay_FractionsFarAboveOne_ExitsTwoWithoutPercentAdvice()
    {
        string path = WriteCurves("far.csv", (k, e) => e == 20 && k == 4 ? 1.3 : 0.5 + 0.02 * e);

        var result = await CliRunner.RunAsync("replay", "--input", path, "--extrapolator", "last", "--orders", "1", "--calibration", "none");

        result.ExitCode.ShouldBe(2, result.Stderr);
        result.Stderr.ShouldContain("Run 'beta' (study s), epoch 20: value 1.3 is outside [0, 1]");
        result.Stderr.ShouldNotContain("--scale 0.01");
    }
}
