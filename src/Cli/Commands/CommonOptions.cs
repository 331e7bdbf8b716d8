using System.CommandLine;
using LcPfn.Transformer.Runtime;

namespace LcPfn.Cli.Commands;

/// <summary>Options that several commands share, built the same way everywhere.</summary>
internal static class CommonOptions
{
    public static Option<bool> Json() => new("--json") { Description = "Print one JSON object as the last line of stdout; human text goes to stderr." };

    public static Option<ComputeDevice> Device() => new("--device")
    {
        Description = "auto, cpu or cuda (cuda needs LCPFN_LIBTORCH).",
        DefaultValueFactory = _ => ComputeDevice.Auto,
    };

    public static Option<int> Threads() => new("--threads")
    {
        Description = "CPU threads (0 = all cores).",
        DefaultValueFactory = _ => 0,
        Validators = { r => { if (r.GetValueOrDefault<int>() < 0) r.AddError("--threads must be 0 (all cores) or positive."); } },
    };
}
