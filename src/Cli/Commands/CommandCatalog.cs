using System.CommandLine;

namespace LcPfn.Cli.Commands;

/// <summary>Every top-level <c>lcpfn</c> command, in the order <c>--help</c> lists them.</summary>
internal static class CommandCatalog
{
    public static IEnumerable<Command> All()
    {
        yield return InfoCommand.Create();
    }
}
