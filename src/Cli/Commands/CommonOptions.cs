using System.CommandLine;
using LcPfn.Prior;
using LcPfn.Prior.Schedules;
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

    /// <summary><c>--precision</c> of training: auto, fp32 or bf16.</summary>
    public static Option<string> Precision() => new("--precision")
    {
        Description = "auto (bf16 on CUDA and on CPUs with native bf16, AVX-512 BF16 or AMX; fp32 otherwise), fp32 or bf16.",
        DefaultValueFactory = _ => "auto",
    };

    /// <summary><see cref="LcPfn.Transformer.Training.TrainingOptions.MixedPrecision"/> from <c>--precision</c>.</summary>
    /// <exception cref="InvalidInputException">Not auto, fp32 or bf16.</exception>
    public static bool? ParsePrecision(string? text) => text switch
    {
        "auto" => null,
        "fp32" => false,
        "bf16" => true,
        var p => throw new InvalidInputException($"--precision must be auto, fp32 or bf16; was '{p}'."),
    };

    /// <summary><c>--schedule</c>: the learning-rate schedule of the runs (a file's per-run <c>schedule</c> column wins).</summary>
    public static Option<string?> Schedule() => new("--schedule")
    {
        Description = $"Learning-rate schedule of the runs over their horizon: {LearningRateSchedule.Syntax}. Models trained with the schedule input condition on it; default unknown.",
    };

    /// <summary>The schedule named by <c>--schedule</c>, or null.</summary>
    /// <exception cref="InvalidInputException">Not a schedule nor a readable multiplier file.</exception>
    public static LearningRateSchedule? ParseSchedule(string? text)
    {
        try
        {
            return ScheduleText.Resolve(text);
        }
        catch (InvalidInputException ex)
        {
            throw new InvalidInputException($"--schedule: {ex.Message}", ex);
        }
    }

    public static Option<int> Threads() => new("--threads")
    {
        Description = "CPU threads (0 = all cores).",
        DefaultValueFactory = _ => 0,
        Validators = { r => { if (r.GetValueOrDefault<int>() < 0) r.AddError("--threads must be 0 (all cores) or positive."); } },
    };
}
