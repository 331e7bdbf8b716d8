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
    /// <exception cref="InvalidInputException">Unknown name; the message lists the known ones.</exception>
    public static ITrainingPrior Create(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (HasSchedules(name)) return new ScheduledPriorTrainingSource(new ScheduleCurvePriorOptions());
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
