using LcPfn.Prior;

namespace LcPfn.EarlyStop.Hosting;

/// <summary>Checks a report before anything is stored; the reason goes to the dead letters.</summary>
internal static class ReportValidation
{
    /// <summary>The longest study or run id accepted, in characters.</summary>
    public const int MaxIdLength = 200;

    /// <summary>Null when the report is valid, else every problem in one line.</summary>
    public static string? Validate(CurveReport report)
    {
        var problems = new List<string>();
        CheckId(problems, "study", report.Study);
        CheckId(problems, "run_id", report.RunId);
        if (!HorizonLimit.Contains(report.Horizon))
            problems.Add(HorizonLimit.Problem(report.Horizon));
        if (report.Epoch < 1 || report.Epoch > Math.Max(report.Horizon, 1))
            problems.Add($"epoch must be in [1, horizon={report.Horizon}]; was {report.Epoch}");
        if (!double.IsFinite(report.Value))
            problems.Add($"value must be finite; was {report.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
        if (!Enum.IsDefined(report.Direction))
            problems.Add($"direction must be maximize or minimize; was {(int)report.Direction}");
        return problems.Count == 0 ? null : string.Join("; ", problems);
    }

    private static void CheckId(List<string> problems, string field, string? id)
    {
        if (string.IsNullOrEmpty(id))
        {
            problems.Add($"{field} is missing or empty");
            return;
        }
        if (id.Length > MaxIdLength)
        {
            problems.Add($"{field} must have at most {MaxIdLength} characters; had {id.Length}");
            return;
        }
        foreach (var c in id)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c) || c is '.' or '*' or '>')
            {
                problems.Add($"{field} '{id}' contains '{c}', which a NATS subject token cannot hold (no spaces, '.', '*', '>')");
                return;
            }
        }
    }
}
