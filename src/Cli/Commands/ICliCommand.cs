using System.CommandLine;

namespace LcPfn.Cli.Commands;

/// <summary>
/// One <c>lcpfn</c> command. Every non-abstract implementation in this assembly is registered by
/// <see cref="CommandCatalog"/>, so adding a command means adding one file and nothing else.
/// </summary>
internal interface ICliCommand
{
    /// <summary>The group it belongs to (<c>bench</c>, <c>eval</c>, <c>prior</c>), or null for a top-level command.</summary>
    string? Group { get; }

    /// <summary>Builds the command with its options and action.</summary>
    Command Create();
}
