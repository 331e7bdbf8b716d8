using System.Globalization;
using System.Text;
using Shouldly;

namespace LcPfn.Cli.Tests;

/// <summary><c>eval curves</c> takes the metric options of replay/extrapolate, so loss curves can be scored.</summary>
public sealed class EvalCurvesMetricTests : IDisposable
{
    private const double Upper = 2.5;

    private readonly string _folder = Directory.CreateTempSubdirectory("lcpfn-eval-loss-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task EvalCurves_LossCurvesWithMinimizeAndUpper_ScoreAsTheAccuracyCurvesTheyMapTo()
    {
        var (loss, accuracy) = WriteCurves();

        var lossResult = await CliRunner.RunAsync("eval", "curves", "--model", "none", "--input", loss, "--minimize", "--upper", "2.5");
        var accuracyResult = await CliRunner.RunAsync("eval", "curves", "--model", "none", "--input", accuracy);

        lossResult.ExitCode.ShouldBe(0, lossResult.Stderr);
        accuracyResult.ExitCode.ShouldBe(0, accuracyResult.Stderr);
        Scores(lossResult.Stdout).ShouldStartWith("12 curves from 1 file(s), horizon(s) 30, 0 skipped");
        Scores(lossResult.Stdout).ShouldBe(Scores(accuracyResult.Stdout));
    }

    [Fact]
    public async Task EvalCurves_LossCurvesWithoutBounds_SkipsThemNamingTheReason()
    {
        var (loss, _) = WriteCurves();

        var result = await CliRunner.RunAsync("eval", "curves", "--model", "none", "--input", loss, "--minimize");

        result.ExitCode.ShouldBe(2);
        result.Stderr.ShouldContain("value_out_of_bounds: the value");
    }

    /// <summary>12 power-law loss curves falling from about 1.5–2.5 towards 0.4, and the same as accuracies (U − loss)/U.</summary>
    private (string Loss, string Accuracy) WriteCurves()
    {
        var loss = new StringBuilder("run_id,epoch,value\n");
        var accuracy = new StringBuilder("run_id,epoch,value\n");
        for (int r = 0; r < 12; r++)
        {
            double a = 1.0 + 0.1 * r, b = 0.3 + 0.05 * (r % 4);
            for (int e = 1; e <= 30; e++)
            {
                double value = 0.4 + a * Math.Pow(e, -b);
                loss.Append(CultureInfo.InvariantCulture, $"r{r},{e},{value:R}\n");
                accuracy.Append(CultureInfo.InvariantCulture, $"r{r},{e},{(Upper - value) / Upper:R}\n");
            }
        }
        string lossPath = Path.Combine(_folder, "loss.csv");
        string accuracyPath = Path.Combine(_folder, "accuracy.csv");
        File.WriteAllText(lossPath, loss.ToString());
        File.WriteAllText(accuracyPath, accuracy.ToString());
        return (lossPath, accuracyPath);
    }

    /// <summary>The printed table without its timing lines.</summary>
    private static string Scores(string stdout) =>
        string.Join('\n', stdout.Split('\n').Where(l => !l.Contains("per curve-cutoff", StringComparison.Ordinal)));
}
