using LcPfn.Cli.Commands;
using LcPfn.Prior;
using LcPfn.Prior.Baselines;
using LcPfn.Transformer.Runtime;
using Shouldly;

namespace LcPfn.Cli.Tests;

/// <summary><see cref="Forecasters"/>: the one way the commands open a model or a baseline.</summary>
public sealed class ForecastersTests
{
    [Theory]
    [InlineData("last", typeof(LastValueExtrapolator))]
    [InlineData("powerlaw", typeof(PowerLawExtrapolator))]
    [InlineData("mcmc", typeof(McmcExtrapolator))]
    [InlineData("mcmc-paper", typeof(McmcExtrapolator))]
    public void Open_BaselineName_OpensThatBaselineWithoutAModel(string name, Type expected)
    {
        using var handle = Forecasters.Open(name, "/no/such/model", ComputeDevice.Cpu, 1);

        handle.Extrapolator.ShouldBeOfType(expected);
        handle.Owner.ShouldBeNull();
        handle.Description.ShouldStartWith($"baseline '{name}'");
    }

    [Fact]
    public void Open_PfnWithModelNone_SaysWhichBaselinesCanForecastInstead()
    {
        var error = Should.Throw<InvalidInputException>(() => Forecasters.Open(Forecasters.PfnName, "none", ComputeDevice.Cpu, 1));

        error.Message.ShouldContain("--model none needs --extrapolator with a baseline (last, powerlaw, mcmc, mcmc-paper)");
    }

    [Fact]
    public void Open_PfnFromAFolderWithoutModel_NamesTheFolder()
    {
        string folder = Path.Combine(Path.GetTempPath(), "lcpfn-no-model-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            var error = Should.Throw<InvalidInputException>(() => Forecasters.Open(null, folder, ComputeDevice.Cpu, 1));

            error.Message.ShouldContain($"No model in {folder} (model.json missing)");
        }
        finally
        {
            Directory.Delete(folder);
        }
    }

    [Theory]
    [InlineData("demo", "")]
    [InlineData("plot", "--input in.csv --run r --out out.png")]
    [InlineData("replay", "--input in.csv")]
    [InlineData("extrapolate", "--input in.csv --out out.parquet")]
    public async Task Commands_AcceptEveryCatalogName_AndRejectAnUnknownOne(string command, string required)
    {
        var unknown = await CliRunner.RunAsync([command, .. required.Split(' ', StringSplitOptions.RemoveEmptyEntries), "--extrapolator", "nonsense"]);
        var help = await CliRunner.RunAsync(command, "--help");

        unknown.ExitCode.ShouldBe(2);
        unknown.Stderr.ShouldContain("Argument 'nonsense' not recognized");
        help.Stdout.ShouldContain($"--extrapolator <{string.Join('|', Forecasters.Names)}>");
    }
}
