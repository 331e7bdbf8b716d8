using System.Text.Json;
using LcPfn.Prior;
using LcPfn.Transformer.Checkpoints;

namespace LcPfn.Transformer.Training;

/// <summary>
/// Where a training run folder stands, read from its last checkpoint (<c>training/state.json</c> and model.json):
/// what <c>lcpfn train status RUN</c> prints, so a run left in the background can be picked up later.
/// </summary>
/// <param name="Directory">The run folder.</param>
/// <param name="Step">Steps done at the last checkpoint.</param>
/// <param name="TotalSteps">Steps of the whole recipe.</param>
/// <param name="CurvesSeen">Prior curves trained on so far.</param>
/// <param name="Seconds">Training seconds so far, over all sessions.</param>
/// <param name="HeldOutNll">Held-out prior NLL at the last checkpoint, if evaluated.</param>
/// <param name="LastCheckpoint">When the last checkpoint was written (UTC).</param>
/// <param name="Preset">The model preset.</param>
/// <param name="Prior">The prior's name (or "default" when model.json does not name it).</param>
/// <param name="InitialCurvesSeen">Curves the initial model had seen (a run started with <c>--init-from</c>), included in <paramref name="CurvesSeen"/>.</param>
public sealed record TrainingRunStatus(
    string Directory, long Step, long TotalSteps, long CurvesSeen, double Seconds, double? HeldOutNll,
    DateTimeOffset LastCheckpoint, string? Preset, string Prior, long InitialCurvesSeen = 0)
{
    /// <summary>True when every step of the recipe is done.</summary>
    public bool Finished => Step >= TotalSteps;

    /// <summary>Average curves per second of this run's training time (curves of an initial model not counted).</summary>
    public double CurvesPerSecond => Seconds > 0 ? (CurvesSeen - InitialCurvesSeen) / Seconds : 0;

    /// <summary>Seconds of training left at the average rate so far (0 when finished).</summary>
    public double EtaSeconds => Finished || Step == 0 ? 0 : (TotalSteps - Step) * (Seconds / Step);

    /// <summary>Reads the status of the run in <paramref name="directory"/>.</summary>
    /// <exception cref="InvalidInputException">The folder holds no training run, or its state is unreadable.</exception>
    public static TrainingRunStatus Read(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        string statePath = Path.Combine(directory, Trainer.ResumeFolderName, "state.json");
        if (!File.Exists(statePath))
            throw new InvalidInputException($"{directory} holds no training run (no {Trainer.ResumeFolderName}/state.json); start one with lcpfn train --out {directory}.");
        TrainingState state;
        TrainingOptions recipe;
        try
        {
            state = JsonSerializer.Deserialize<TrainingState>(File.ReadAllText(statePath), ModelCheckpoint.JsonOptions)
                ?? throw new JsonException("the file is empty");
            recipe = JsonSerializer.Deserialize<TrainingOptions>(state.Recipe, ModelCheckpoint.JsonOptions)
                ?? throw new JsonException("the recipe is empty");
        }
        catch (JsonException ex)
        {
            throw new InvalidInputException($"{statePath} is not a readable training state: {ex.Message}", ex);
        }
        string prior = "default";
        try
        {
            var manifest = ModelCheckpoint.ReadManifest(directory);
            if (manifest.Prior?["name"]?.GetValue<string>() is { } name) prior = name;
        }
        catch (InvalidInputException)
        {
            // model.json is rewritten with every checkpoint; without it the status still stands.
        }
        return new TrainingRunStatus(Path.GetFullPath(directory), state.Step, recipe.TotalSteps, state.CurvesSeen, state.Seconds,
            state.HeldOutNll, File.GetLastWriteTimeUtc(statePath), recipe.Preset, prior, state.InitialCurvesSeen);
    }
}
