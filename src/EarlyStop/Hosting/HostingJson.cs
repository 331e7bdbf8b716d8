using System.Text.Json;
using System.Text.Json.Serialization;
using LcPfn.Prior;
using LcPfn.Prior.Schedules;

namespace LcPfn.EarlyStop.Hosting;

/// <summary>A report as it travels on NATS (snake_case JSON; docs/hosted-worker.md). Every field is nullable so that a missing one can be named.</summary>
internal sealed class ReportMessage
{
    public string? Study { get; set; }
    public string? RunId { get; set; }
    public int? Epoch { get; set; }
    public double? Value { get; set; }
    public int? Horizon { get; set; }
    public string? Direction { get; set; }
    public string? Schedule { get; set; }
}

/// <summary>A decision as it travels on NATS.</summary>
internal sealed record DecisionMessage(string Study, string RunId, int Epoch, string Action, string Reason, double? PImprove, double? Best, double? PredictedMedian);

/// <summary>
/// A rejected report on the dead-letter subject: why, where it was sent, and the original payload as text, bounded:
/// the payload keeps at most <see cref="EarlyStopWorkerDefaults.MaxDeadLetterPayloadChars"/> characters
/// (<see cref="PayloadTruncated"/> then true, <see cref="PayloadBytes"/> the original size) and the reason
/// <see cref="EarlyStopWorkerDefaults.MaxDeadLetterReasonChars"/>.
/// </summary>
internal sealed record DeadLetterMessage(string Reason, string Subject, string Payload, ulong? StreamSequence, ulong? Deliveries, int PayloadBytes = 0, bool PayloadTruncated = false);

/// <summary>The source-generated JSON contracts of the hosted worker (wire messages and key-value documents).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(ReportMessage))]
[JsonSerializable(typeof(DecisionMessage))]
[JsonSerializable(typeof(DeadLetterMessage))]
[JsonSerializable(typeof(RunState))]
[JsonSerializable(typeof(double))]
[JsonSerializable(typeof(string[]))]
internal sealed partial class HostingJsonContext : JsonSerializerContext;

/// <summary>The JSON wire format of reports and decisions (docs/hosted-worker.md): parse and write.</summary>
public static class HostingJson
{
    /// <summary>Parses a report; on failure returns null and says why (malformed JSON, which fields are missing, bad values).</summary>
    /// <param name="json">The UTF-8 JSON object.</param>
    /// <param name="rejection">Null on success, else the reason the report is refused.</param>
    public static CurveReport? ParseReport(ReadOnlySpan<byte> json, out string? rejection)
    {
        if (json.Length > EarlyStopWorkerDefaults.MaxReportBytes)
        {
            rejection = $"report too large: {json.Length} bytes; the limit is {EarlyStopWorkerDefaults.MaxReportBytes} bytes";
            return null;
        }
        ReportMessage? message;
        try
        {
            message = JsonSerializer.Deserialize(json, HostingJsonContext.Default.ReportMessage);
        }
        catch (JsonException ex)
        {
            rejection = $"malformed JSON: {ex.Message}";
            return null;
        }
        if (message is null)
        {
            rejection = "malformed JSON: the payload is null, not an object";
            return null;
        }
        var missing = new List<string>();
        if (message.Study is null) missing.Add("study");
        if (message.RunId is null) missing.Add("run_id");
        if (message.Epoch is null) missing.Add("epoch");
        if (message.Value is null) missing.Add("value");
        if (message.Horizon is null) missing.Add("horizon");
        if (missing.Count > 0)
        {
            rejection = $"missing field(s): {string.Join(", ", missing)}";
            return null;
        }
        MetricDirection direction;
        switch (message.Direction?.ToLowerInvariant())
        {
            case null or "maximize" or "max":
                direction = MetricDirection.Maximize;
                break;
            case "minimize" or "min":
                direction = MetricDirection.Minimize;
                break;
            default:
                rejection = $"direction must be \"maximize\" or \"minimize\"; was \"{message.Direction}\"";
                return null;
        }
        LearningRateSchedule? schedule = null;
        if (message.Schedule is { } scheduleText)
        {
            try
            {
                if (scheduleText.Length > MaxScheduleLength) throw new InvalidInputException($"it has {scheduleText.Length} characters (at most {MaxScheduleLength})");
                schedule = ScheduleText.Resolve(scheduleText, allowFiles: false);
            }
            catch (InvalidInputException ex)
            {
                rejection = $"schedule is not a learning-rate schedule: {ex.Message}";
                return null;
            }
        }
        var report = new CurveReport(message.Study!, message.RunId!, message.Epoch!.Value, message.Value!.Value, message.Horizon!.Value, direction) { Schedule = schedule };
        rejection = ReportValidation.Validate(report);
        return rejection is null ? report : null;
    }

    /// <summary>The longest schedule text a report may carry.</summary>
    public const int MaxScheduleLength = 200;

    /// <summary>The JSON of a report (what a trainer publishes).</summary>
    public static byte[] WriteReport(CurveReport report) => JsonSerializer.SerializeToUtf8Bytes(new ReportMessage
    {
        Study = report.Study,
        RunId = report.RunId,
        Epoch = report.Epoch,
        Value = report.Value,
        Horizon = report.Horizon,
        Direction = report.Direction == MetricDirection.Minimize ? "minimize" : "maximize",
        Schedule = report.Schedule?.ToString(),
    }, HostingJsonContext.Default.ReportMessage);

    /// <summary>The JSON of a decision.</summary>
    public static byte[] WriteDecision(CurveDecision d) => JsonSerializer.SerializeToUtf8Bytes(
        new DecisionMessage(d.Study, d.RunId, d.Epoch, d.Stop ? "stop" : "continue", d.Reason, d.ProbabilityOfImprovement, d.StudyBest, d.PredictedMedian),
        HostingJsonContext.Default.DecisionMessage);

    /// <summary>Parses a decision published by the worker.</summary>
    public static CurveDecision ParseDecision(ReadOnlySpan<byte> json)
    {
        var m = JsonSerializer.Deserialize(json, HostingJsonContext.Default.DecisionMessage)
            ?? throw new JsonException("a decision message is null");
        return new CurveDecision(m.Study, m.RunId, m.Epoch, m.Action == "stop", m.Reason, m.PImprove, m.Best, m.PredictedMedian);
    }
}
