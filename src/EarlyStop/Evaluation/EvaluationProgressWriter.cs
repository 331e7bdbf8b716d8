using System.Globalization;

namespace LcPfn.EarlyStop.Evaluation;

/// <summary>
/// Prints evaluation progress as plain lines (rate and ETA) to a writer such as stderr, at most once per
/// <see cref="Interval"/> plus once when a method finishes. Thread-safe.
/// </summary>
public sealed class EvaluationProgressWriter : IProgress<EvaluationProgress>
{
    /// <summary>The default interval between lines: 2 seconds.</summary>
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(2);

    private readonly TextWriter _writer;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private long _lastTicks;
    private bool _printedAny;

    /// <summary>Creates the writer.</summary>
    /// <param name="writer">Where lines go (stderr in the CLI).</param>
    /// <param name="time">The clock; <see cref="TimeProvider.System"/> when null.</param>
    /// <param name="interval">The least time between two lines; <see cref="DefaultInterval"/> when null.</param>
    public EvaluationProgressWriter(TextWriter writer, TimeProvider? time = null, TimeSpan? interval = null)
    {
        ArgumentNullException.ThrowIfNull(writer);
        _writer = writer;
        _time = time ?? TimeProvider.System;
        Interval = interval ?? DefaultInterval;
    }

    /// <summary>The least time between two progress lines.</summary>
    public TimeSpan Interval { get; }

    /// <inheritdoc />
    public void Report(EvaluationProgress value)
    {
        lock (_gate)
        {
            long now = _time.GetTimestamp();
            bool finished = value.Done >= value.Total;
            if (!finished && _printedAny && _time.GetElapsedTime(_lastTicks, now) < Interval) return;
            _lastTicks = now;
            _printedAny = true;
            string eta = value.EstimatedRemaining is { } r ? $", ETA {Format(r)}" : "";
            string line = string.Create(CultureInfo.InvariantCulture,
                $"eval {value.Method}: {value.Done}/{value.Total} curve-cutoffs ({100.0 * value.Done / Math.Max(1, value.Total):F0} %), {value.RequestsPerSecond:F1} curves/s{(finished ? $", done in {Format(value.Elapsed)}" : eta)}");
            _writer.WriteLine(line);
        }
    }

    private static string Format(TimeSpan t) =>
        t.TotalSeconds < 60 ? $"{t.TotalSeconds:F1} s" : t.TotalMinutes < 60 ? $"{(int)t.TotalMinutes} min {t.Seconds} s" : $"{(int)t.TotalHours} h {t.Minutes} min";
}
