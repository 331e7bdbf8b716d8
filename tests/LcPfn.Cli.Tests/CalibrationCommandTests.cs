using System.Text.Json;
using LcPfn.Tests;
using Shouldly;

namespace LcPfn.Cli.Tests;

/// <summary><c>--calibration</c> on the commands: the JSON names what was used, and a fitted map round-trips through a file.</summary>
public sealed class CalibrationCommandTests
{
    private static string SampleCurves => TestPaths.SharedFile("nb201/nb201_cifar10-valid_hp200_valid_acc.csv");

    private static JsonElement LastJson(CliRunner.Result result)
    {
        result.ExitCode.ShouldBe(0, result.Stderr);
        return JsonDocument.Parse(result.Stdout.Trim().Split('\n').Last()).RootElement.Clone();
    }

    [Fact]
    public async Task Replay_DefaultCalibration_IsOnlineAndEchoed()
    {
        var json = LastJson(await CliRunner.RunAsync("replay", "--input", SampleCurves, "--scale", "0.01", "--extrapolator", "last", "--max-runs", "12", "--orders", "1", "--json"));

        json.GetProperty("calibration").GetString().ShouldBe("online");
        json.GetProperty("forecast_decisions").GetInt64().ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task Replay_FitFromPastCurves_SavesAFileThatAnotherReplayLoads()
    {
        string dir = Directory.CreateTempSubdirectory("lcpfn-cal-").FullName;
        try
        {
            string saved = Path.Combine(dir, "cal.json");
            var first = LastJson(await CliRunner.RunAsync("replay", "--input", SampleCurves, "--scale", "0.01", "--extrapolator", "last", "--max-runs", "8", "--orders", "1",
                "--calibration", "none", SampleCurves, "--save-calibration", saved, "--json"));
            first.GetProperty("calibration").GetString()!.ShouldStartWith("nb201_cifar10-valid_hp200_valid_acc.csv (");
            File.Exists(saved).ShouldBeTrue();

            var second = LastJson(await CliRunner.RunAsync("replay", "--input", SampleCurves, "--scale", "0.01", "--extrapolator", "last", "--max-runs", "8", "--orders", "1",
                "--calibration", "online", saved, "--json"));
            second.GetProperty("calibration").GetString()!.ShouldStartWith("online + nb201_cifar10-valid_hp200_valid_acc.csv (");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task Replay_NoCalibration_EchoesNone()
    {
        var json = LastJson(await CliRunner.RunAsync("replay", "--input", SampleCurves, "--scale", "0.01", "--extrapolator", "last", "--max-runs", "6", "--orders", "1", "--calibration", "none", "--json"));

        json.GetProperty("calibration").GetString().ShouldBe("none");
    }
}
