using LcPfn.Prior;
using LcPfn.Prior.Schedules;

namespace LcPfn.Transformer.Training;

/// <summary>The priors a model can be trained on, by name (<c>lcpfn train --prior</c>, <c>bench train --prior</c>).</summary>
public static class TrainingPriorCatalog
{
    /// <summary>Every name: the LC-PFN presets and the schedule-aware prior.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. CurvePriorPresets.Names, ScheduleCurvePriorOptions.PresetName];

    /// <summary>Whether a model trained on prior <paramref name="name"/> takes the learning-rate schedule as input.</summary>
    public static bool HasSchedules(string name) => string.Equals(name, ScheduleCurvePriorOptions.PresetName, StringComparison.OrdinalIgnoreCase);

    /// <summary>The training source of prior <paramref name="name"/>.</summary>
    /// <param name="name">A name of <see cref="Names"/>.</param>
    /// <param name="mixture">For the schedule-aware prior only: its mixture shares (docs/prior.md §8); null keeps its defaults.</param>
    /// <exception cref="InvalidInputException">Unknown name (the message lists the known ones), a mixture for an
    /// LC-PFN preset, or shares outside [0, 1].</exception>
    public static ITrainingPrior Create(string name, ScheduleMixture? mixture = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (HasSchedules(name))
        {
            var options = new ScheduleCurvePriorOptions();
            if (mixture is { } m)
                options = options with { LcPfnShare = m.LcPfnShare ?? options.LcPfnShare, HiddenScheduleShare = m.HiddenScheduleShare ?? options.HiddenScheduleShare };
            return new ScheduledPriorTrainingSource(options);
        }
        if (mixture is { LcPfnShare: not null } or { HiddenScheduleShare: not null })
            throw new InvalidInputException($"The LC-PFN share and the hidden-schedule share apply to the '{ScheduleCurvePriorOptions.PresetName}' prior only; the prior is '{name}'.");
        try
        {
            return new CurvePriorTrainingSource(CurvePriorPresets.Get(name));
        }
        catch (InvalidInputException)
        {
            throw new InvalidInputException($"Unknown prior '{name}'; known: {string.Join(", ", Names)}.");
        }
    }
}

/// <summary>The mixture shares of the schedule-aware prior that <c>lcpfn train</c> may set (null: the prior's default).</summary>
/// <param name="LcPfnShare">Share of LC-PFN curves (schedule unknown).</param>
/// <param name="HiddenScheduleShare">Share of schedule-driven curves whose schedule is hidden from the model.</param>
public readonly record struct ScheduleMixture(double? LcPfnShare, double? HiddenScheduleShare);
