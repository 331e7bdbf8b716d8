using System.Text.Json;
using LcPfn.Prior;

namespace LcPfn.EarlyStop.State;

/// <summary>
/// Persistence of a <see cref="StudyState"/>: maps runs to and from <see cref="StudyStateDocument"/> and reads the JSON,
/// rejecting a document of another format version or policy, or a run whose saved fields do not fit together.
/// </summary>
internal static class StudyStateJson
{
    public static string Serialize(StudyStateDocument document) => JsonSerializer.Serialize(document, StudyStateDocument.JsonOptions);

    /// <exception cref="InvalidInputException">The JSON is not a saved study, or is of another format version or policy.</exception>
    public static StudyStateDocument Parse(string json, string policyName)
    {
        StudyStateDocument? document;
        try
        {
            document = JsonSerializer.Deserialize<StudyStateDocument>(json, StudyStateDocument.JsonOptions);
        }
        catch (JsonException ex)
        {
            throw new InvalidInputException($"The saved study state is not valid JSON: {ex.Message}", ex);
        }
        if (document is null)
            throw new InvalidInputException("The saved study state is empty.");
        if (document.FormatVersion != StudyStateDocument.CurrentFormatVersion)
            throw new InvalidInputException($"The saved study state has format version {document.FormatVersion}; this version reads {StudyStateDocument.CurrentFormatVersion}.");
        if (!string.Equals(document.Policy, policyName, StringComparison.Ordinal))
            throw new InvalidInputException($"The study was saved with policy '{document.Policy}'; restore it with that policy, not '{policyName}'.");
        return document;
    }

    public static StudyStateDocument.RunDocument ToDocument(RunRecord run) => new()
    {
        RunId = run.RunId,
        Horizon = run.Horizon,
        Status = run.Status,
        Epochs = [.. run.Epochs],
        Values = [.. run.Values],
        LastCheckEpoch = run.LastCheckEpoch,
        ConfidentValue = run.ConfidentValue,
        Decision = run.Decision,
        LastReportAt = run.LastReportAt,
        Schedule = ScheduleDocument.From(run.Schedule),
    };

    /// <summary>
    /// The run a saved one describes, without its curve (the study appends it, so its statistics are rebuilt).
    /// </summary>
    /// <exception cref="InvalidInputException">The saved run is inconsistent (the message names it).</exception>
    public static RunRecord ToRun(StudyStateDocument.RunDocument saved, IReadOnlyDictionary<string, RunRecord> known)
    {
        string where = Where(saved);
        if (string.IsNullOrEmpty(saved.RunId) || known.ContainsKey(saved.RunId))
            throw new InvalidInputException($"{where}: the run id is empty or repeated.");
        if (saved.Horizon < 1 || saved.Epochs.Length != saved.Values.Length)
            throw new InvalidInputException($"{where}: horizon {saved.Horizon}, {saved.Epochs.Length} epochs and {saved.Values.Length} values do not fit together.");
        for (int i = 0; i < saved.Epochs.Length; i++)
        {
            if (saved.Epochs[i] < 1 || saved.Epochs[i] > saved.Horizon || (i > 0 && saved.Epochs[i] <= saved.Epochs[i - 1]) || !double.IsFinite(saved.Values[i]))
                throw new InvalidInputException($"{where}: epoch {saved.Epochs[i]} (value {StudyReportValidation.Format(saved.Values[i])}) is out of order, beyond the horizon or not finite.");
        }
        if (saved.Status == RunStatus.Completed && (saved.Epochs.Length == 0 || saved.Epochs[^1] != saved.Horizon))
            throw new InvalidInputException($"{where}: marked completed but its last epoch is not its horizon {saved.Horizon}.");
        return new RunRecord(saved.RunId, saved.Horizon)
        {
            LastCheckEpoch = saved.LastCheckEpoch,
            ConfidentValue = saved.ConfidentValue,
            Decision = saved.Decision,
            LastReportAt = saved.LastReportAt,
            Schedule = saved.Schedule?.ToSchedule(where),
        };
    }

    /// <summary>How messages name a saved run.</summary>
    public static string Where(StudyStateDocument.RunDocument saved) => $"Saved run '{saved.RunId}'";
}
