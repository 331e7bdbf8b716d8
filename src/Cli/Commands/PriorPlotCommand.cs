using System.CommandLine;
using LcPfn.Cli.Plotting;
using LcPfn.Prior;
using LcPfn.Prior.Schedules;

namespace LcPfn.Cli.Commands;

/// <summary><c>lcpfn prior plot</c>: a PNG grid of curves sampled from the schedule-aware prior, one panel per schedule.</summary>
internal sealed class PriorPlotCommand : ICliCommand
{
    public string? Group => "prior";

    public Command Create()
    {
        var output = new Option<string>("--out") { Description = "PNG file to write.", DefaultValueFactory = _ => "prior-schedules.png" };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the sampled curves.", DefaultValueFactory = _ => 1UL };
        var perPanel = new Option<int>("--per-panel") { Description = "Curves drawn per schedule panel (1..50).", DefaultValueFactory = _ => 10 };
        var command = new Command("plot", $"Draw curves of the '{ScheduleCurvePriorOptions.PresetName}' prior as a PNG grid, one panel per learning-rate schedule (docs/prior.md).")
        {
            output, seed, perPanel,
        };
        command.SetAction((parse, _) =>
        {
            int n = parse.GetValue(perPanel);
            if (n is < 1 or > 50) throw new InvalidInputException($"--per-panel must be in 1..50; was {n}.");
            string path = OutputPaths.PrepareFile(parse.GetValue(output)!, "--out", ".png");
            PriorGridChart.Save(path, new ScheduleCurvePrior(new ScheduleCurvePriorOptions()), parse.GetValue(seed), n);
            parse.InvocationConfiguration.Output.WriteLine($"wrote {Path.GetFullPath(path)}");
            return Task.FromResult(CliApp.Ok);
        });
        return command;
    }
}
