using System.Text;

namespace LcPfn.EarlyStop.Hosting;

/// <summary>The subjects and key-value keys of the NATS transport (docs/hosted-worker.md).</summary>
internal sealed class NatsSubjects(string prefix)
{
    /// <summary><c>lcpfn.reports.&gt;</c>: everything the consumer reads.</summary>
    public string AllReports { get; } = $"{prefix}.reports.>";

    /// <summary><c>lcpfn.decisions.&gt;</c>.</summary>
    public string AllDecisions { get; } = $"{prefix}.decisions.>";

    /// <summary><c>lcpfn.deadletter.&gt;</c>.</summary>
    public string AllDeadLetters { get; } = $"{prefix}.deadletter.>";

    /// <summary><c>lcpfn.deadletter.reports</c>: where rejected reports go.</summary>
    public string DeadLetter { get; } = $"{prefix}.deadletter.reports";

    /// <summary><c>lcpfn.reports.&lt;study&gt;.&lt;run&gt;</c>.</summary>
    public string Report(string study, string runId) => $"{prefix}.reports.{study}.{runId}";

    /// <summary><c>lcpfn.decisions.&lt;study&gt;.&lt;run&gt;</c>.</summary>
    public string Decision(string study, string runId) => $"{prefix}.decisions.{study}.{runId}";

    /// <summary>The key of a run's state: <c>run.&lt;study&gt;.&lt;run&gt;</c>, ids escaped for key-value keys.</summary>
    public static string RunKey(string study, string runId) => $"run.{EscapeKey(study)}.{EscapeKey(runId)}";

    /// <summary>The key of a study's best final value: <c>best.&lt;study&gt;</c>.</summary>
    public static string BestKey(string study) => $"best.{EscapeKey(study)}";

    /// <summary>The key-value key of the study's completed run ids (the online calibration's runs).</summary>
    public static string CompletedKey(string study) => $"done.{EscapeKey(study)}";

    /// <summary>Keeps letters, digits, '_' and '-'; writes any other UTF-8 byte as <c>=XX</c> (hex), which key-value keys allow.</summary>
    public static string EscapeKey(string id)
    {
        var plain = true;
        foreach (var c in id)
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '-')) { plain = false; break; }
        if (plain) return id;
        var sb = new StringBuilder(id.Length * 2);
        foreach (var b in Encoding.UTF8.GetBytes(id))
        {
            var c = (char)b;
            if (b < 128 && (char.IsAsciiLetterOrDigit(c) || c is '_' or '-')) sb.Append(c);
            else sb.Append('=').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
        }
        return sb.ToString();
    }
}
