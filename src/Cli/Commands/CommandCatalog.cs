using System.CommandLine;
using System.Reflection;

namespace LcPfn.Cli.Commands;

/// <summary>Finds every <see cref="ICliCommand"/> in this assembly and arranges them into groups.</summary>
internal static class CommandCatalog
{
    private static readonly Dictionary<string, string> GroupDescriptions = new(StringComparer.Ordinal)
    {
        ["bench"] = "Benchmarks that print figures (throughput, latency); nothing is written.",
        ["eval"] = "Accuracy of a model's predictive distributions on prior curves or real curves.",
        ["prior"] = "The synthetic learning-curve prior the model is trained on.",
    };

    public static IEnumerable<Command> All()
    {
        var commands = typeof(CommandCatalog).Assembly.GetTypes()
            .Where(t => typeof(ICliCommand).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false })
            .Select(t => (ICliCommand)Activator.CreateInstance(t, nonPublic: true)!)
            .Select(c => (c.Group, Command: c.Create()))
            .OrderBy(c => c.Group ?? c.Command.Name, StringComparer.Ordinal)
            .ThenBy(c => c.Command.Name, StringComparer.Ordinal)
            .ToList();

        var groups = new Dictionary<string, Command>(StringComparer.Ordinal);
        foreach (var (group, command) in commands)
        {
            if (group is null)
            {
                yield return command;
                continue;
            }
            if (!groups.TryGetValue(group, out var parent))
            {
                parent = new Command(group, GroupDescriptions.GetValueOrDefault(group, group));
                groups[group] = parent;
                yield return parent;
            }
            parent.Subcommands.Add(command);
        }
    }
}
