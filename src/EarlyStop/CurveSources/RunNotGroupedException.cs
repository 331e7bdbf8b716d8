namespace LcPfn.EarlyStop.CurveSources;

/// <summary>A run id came back after its run was closed, so the input is not grouped by run.</summary>
internal sealed class RunNotGroupedException(string study, string runId, long row)
    : Exception($"run '{runId}' (study '{study}') appears again at row {row} after other runs; the input is not grouped by run")
{
    public string Study { get; } = study;
    public string RunId { get; } = runId;
    public long Row { get; } = row;
}
