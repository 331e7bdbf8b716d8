using System.Text.Json;
using LcPfn.Tests;
using Shouldly;

namespace LcPfn.Cli.Tests;

/// <summary>One vocabulary across commands (docs/cli.md): the current spellings, and the old ones still parse, unlisted.</summary>
[Collection("Torch")]
public sealed class OptionVocabularyTests
{
    private static string SampleCurves => Path.Combine(TestPaths.RepositoryRoot, "data", "curves", "prior-sample.parquet");

    [Theory]
    [InlineData("demo", "--baseline", "--extrapolator", "last")]
    [InlineData("plot --input x.parquet --run 1 --out p.png", "--baseline", "--extrapolator", "powerlaw")]
    [InlineData("extrapolate --input x.parquet", "--output", "--out", "p.parquet")]
    [InlineData("extrapolate --input x.parquet --out p.parquet", "--baseline", "--extrapolator", "last")]
    [InlineData("replay --input x.parquet", "--plot", "--out", "r.png")]
    public void OldSpelling_GivesItsValueToTheCurrentOption(string command, string oldName, string currentName, string value)
    {
        var parse = CliApp.CreateRoot().Parse($"{command} {oldName} {value}");

        parse.Errors.ShouldBeEmpty();
        parse.GetValue<string>(currentName).ShouldBe(value);
    }

    [Fact]
    public void OldSpelling_OfAnIntegerOrListOption_GivesItsValueToTheCurrentOption()
    {
        var demo = CliApp.CreateRoot().Parse("demo --check-every 7");
        demo.Errors.ShouldBeEmpty();
        demo.GetValue<int>("--check-interval").ShouldBe(7);
        CliApp.CreateRoot().Parse("demo").GetValue<int>("--check-interval").ShouldBe(0, "the default is kept when neither spelling is given");

        var eval = CliApp.CreateRoot().Parse("eval curves --input x.csv --baseline last");
        eval.Errors.ShouldBeEmpty();
        eval.GetValue<string[]>("--baselines").ShouldBe(["last"]);
    }

    [Theory]
    [InlineData("demo", "--baseline", "--check-every")]
    [InlineData("extrapolate", "--output", "--baseline")]
    [InlineData("replay", "--plot", "--check-every")]
    [InlineData("eval curves", "--baseline", "--check-every")]
    public async Task Help_ListsOnlyTheCurrentSpellings(string command, string oldName, string absent)
    {
        var result = await CliRunner.RunAsync([.. command.Split(' '), "--help"]);

        result.ExitCode.ShouldBe(0);
        result.Stdout.ShouldNotContain(oldName + " ");
        result.Stdout.ShouldNotContain(absent + " ");
    }

    [Fact]
    public async Task BothSpellings_ExitTwoNamingTheCurrentOne()
    {
        var result = await CliRunner.RunAsync("extrapolate", "--input", SampleCurves, "--out", "a.parquet", "--output", "b.parquet");

        result.ExitCode.ShouldBe(2);
        result.Stderr.ShouldContain("--out and its old spelling --output are both given");
    }

    [Fact]
    public async Task Replay_ExtrapolatorIsCalledLcpfnInJson_AndTheOldNamePfnStillParses()
    {
        foreach (var extra in new[] { Array.Empty<string>(), ["--extrapolator", "pfn"] })
        {
            var result = await CliRunner.RunAsync(["replay", "--input", SampleCurves, "--max-runs", "3", "--orders", "1", "--threads", "1", "--json", .. extra]);

            result.ExitCode.ShouldBe(0, result.Stderr);
            using var doc = JsonDocument.Parse(result.Stdout.Trim().Split('\n').Last());
            doc.RootElement.GetProperty("extrapolator").GetString().ShouldBe("lcpfn");
        }
    }
}
