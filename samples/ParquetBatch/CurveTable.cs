using System.Text.Json.Serialization;
using Parquet.Serialization.Attributes;

namespace LcPfn.Samples.ParquetBatch;

/// <summary>One row of a curve table (docs/data-formats.md): a run's value after one epoch.</summary>
internal sealed class CurveRow
{
    [JsonPropertyName("run_id"), ParquetRequired] public string RunId { get; set; } = "";
    [JsonPropertyName("epoch")] public int Epoch { get; set; }
    [JsonPropertyName("value")] public double Value { get; set; }
    [JsonPropertyName("horizon")] public int Horizon { get; set; }
}

/// <summary>Builds a synthetic curve table.</summary>
internal static class CurveTable
{
    /// <summary>
    /// <paramref name="runs"/> saturating accuracy curves of <paramref name="horizon"/> epochs, each observed only up
    /// to a random epoch between 10 % and 60 % of the horizon (a study in progress); same seed, same table.
    /// </summary>
    public static List<CurveRow> Synthetic(int runs, int horizon, int seed)
    {
        var random = new Random(seed);
        var rows = new List<CurveRow>();
        for (int r = 0; r < runs; r++)
        {
            double ceiling = 0.55 + 0.4 * random.NextDouble();
            double tau = horizon * (0.05 + 0.3 * random.NextDouble());
            int seen = (int)(horizon * (0.1 + 0.5 * random.NextDouble()));
            for (int e = 1; e <= seen; e++)
            {
                double value = 0.1 + (ceiling - 0.1) * (1 - Math.Exp(-e / tau)) + 0.01 * (random.NextDouble() - 0.5);
                rows.Add(new CurveRow { RunId = $"run-{r:D3}", Epoch = e, Value = Math.Clamp(value, 0, 1), Horizon = horizon });
            }
        }
        return rows;
    }
}
