using System.Text.Json;
using LcPfn.Tests;
using Shouldly;

namespace LcPfn.Cli.Tests;

/// <summary><c>lcpfn predict</c>: the schedule reaches the forecast and bad lists are refused where they are wrong.</summary>
[Collection("Torch")]
public sealed class PredictCommandTests
{
    private static string ShippedModel => Path.Combine(TestPaths.RepositoryRoot, "data", "models", "default");

    private static async Task<JsonElement> Predict(params string[] extra)
    {
        var result = await CliRunner.RunAsync(["predict", "--model", ShippedModel, "--values", "0.04,0.085,0.12,0.165,0.2", "--horizon", "50", "--threads", "1", "--json", .. extra]);
        result.ExitCode.ShouldBe(0, result.Stderr);
        using var doc = JsonDocument.Parse(result.Stdout.Trim().Split('\n').Last());
        return doc.RootElement.Clone();
    }

    [Fact]
    public async Task Predict_Schedule_IsEchoedAndChangesTheForecast()
    {
        var cosine = await Predict("--schedule", "cosine");
        var constant = await Predict("--schedule", "constant");
        cosine.GetProperty("schedule").GetString().ShouldBe("cosine");
        cosine.GetProperty("median").GetDouble().ShouldBeGreaterThan(constant.GetProperty("median").GetDouble());
    }

    [Fact]
    public async Task Predict_PercentValuesWithoutUpper_ExitsTwoAdvisingUpper100NotScale()
    {
        var result = await CliRunner.RunAsync("predict", "--model", ShippedModel, "--values", "40,55,62", "--horizon", "50");

        result.ExitCode.ShouldBe(2);
        result.Stderr.ShouldContain("item 1 (epoch 1): 40 lies outside the metric bounds [0, 1]");
        result.Stderr.ShouldContain("--upper 100");
        result.Stderr.ShouldNotContain("--scale");
    }

    [Fact]
    public async Task Predict_ValueJustAboveOne_IsClippedAndCounted()
    {
        var clipped = await CliRunner.RunAsync("predict", "--model", ShippedModel, "--values", "0.9,0.95,1.004", "--horizon", "50", "--threads", "1", "--json");
        var atOne = await CliRunner.RunAsync("predict", "--model", ShippedModel, "--values", "0.9,0.95,1", "--horizon", "50", "--threads", "1", "--json");

        clipped.ExitCode.ShouldBe(0, clipped.Stderr);
        clipped.Stderr.ShouldContain("1 value(s) just outside the bounds");
        clipped.Stdout.ShouldBe(atOne.Stdout);
    }

    [Fact]
    public async Task Predict_HorizonBeyondTheLimit_ExitsTwoNamingValueAndLimit()
    {
        var result = await CliRunner.RunAsync("predict", "--model", ShippedModel, "--values", "0.1,0.2", "--horizon", "1000000000");

        result.ExitCode.ShouldBe(2);
        result.Stderr.ShouldContain("--horizon: horizon 1000000000 is outside [1, 100000]");
    }

    [Fact]
    public async Task Predict_UpperInf_ParsesAsNoBound()
    {
        var result = await CliRunner.RunAsync("predict", "--model", ShippedModel, "--values", "2.3,1.9,1.7,1.6", "--horizon", "50",
            "--minimize", "--upper", "inf", "--soft-lower", "1", "--soft-upper", "3", "--threads", "1", "--json");

        result.ExitCode.ShouldBe(0, result.Stderr);
        var bad = await CliRunner.RunAsync("predict", "--model", ShippedModel, "--values", "0.1,0.2", "--upper", "lots");
        bad.ExitCode.ShouldBe(2);
        bad.Stderr.ShouldContain("'lots' is not a number");
    }

    [Fact]
    public async Task Predict_BadScheduleOrBlankValue_ExitsTwoSayingWhere()
    {
        var schedule = await CliRunner.RunAsync("predict", "--model", ShippedModel, "--values", "0.1,0.2", "--horizon", "50", "--schedule", "cosinus");
        schedule.ExitCode.ShouldBe(2);
        schedule.Stderr.ShouldContain("--schedule");
        schedule.Stderr.ShouldContain("cosine-warmup:W");
        var blank = await CliRunner.RunAsync("predict", "--model", ShippedModel, "--values", "0.3,,0.5", "--horizon", "50");
        blank.ExitCode.ShouldBe(2);
        blank.Stderr.ShouldContain("item 2 is blank");
    }
}
