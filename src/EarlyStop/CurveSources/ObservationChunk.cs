using LcPfn.Prior.Data;

namespace LcPfn.EarlyStop.CurveSources;

/// <summary>
/// A block of long-format observations in input order (columnar, reused by nobody after it is handed on).
/// Index i holds one (study, run, epoch, value) row; <see cref="Horizons"/> entries of 0 mean "unknown".
/// </summary>
internal sealed class ObservationChunk
{
    public ObservationChunk(int capacity, bool hasStudy, bool hasHorizon)
    {
        RunIds = new string[capacity];
        Studies = hasStudy ? new string?[capacity] : null;
        Horizons = hasHorizon ? new int[capacity] : null;
        Epochs = new int[capacity];
        Values = new double[capacity];
        Issues = new CellIssue[capacity];
        Rows = new long[capacity];
    }

    public string[] RunIds { get; }
    public string?[]? Studies { get; }
    public int[]? Horizons { get; }
    public int[] Epochs { get; }
    public double[] Values { get; }
    public CellIssue[] Issues { get; }

    /// <summary>1-based row (Parquet) or line (CSV) number in the input, for messages.</summary>
    public long[] Rows { get; }

    public int Count { get; set; }

    public int Capacity => RunIds.Length;

    /// <summary>Share of the input consumed once this chunk is processed, in [0, 1].</summary>
    public double InputFraction { get; set; }

    public void Add(in Observation o)
    {
        var i = Count++;
        RunIds[i] = o.RunId;
        if (Studies is not null) Studies[i] = o.Study;
        if (Horizons is not null) Horizons[i] = o.Horizon;
        Epochs[i] = o.Epoch;
        Values[i] = o.Value;
        Issues[i] = o.Issue;
        Rows[i] = o.Row;
    }

    public Observation this[int i] => new(Studies?[i], RunIds[i], Epochs[i], Values[i], Issues[i], Horizons?[i] ?? 0, Rows[i]);
}

/// <summary>One long-format observation (used where rows are handled one at a time).</summary>
internal readonly record struct Observation(string? Study, string RunId, int Epoch, double Value, CellIssue Issue, int Horizon, long Row);
