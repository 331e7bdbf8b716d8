using System.Text.Json.Serialization;
using Parquet.Serialization.Attributes;

namespace LcPfn.Samples.ParquetBatch;

/// <summary>One row of the prediction table the batch extrapolator writes (docs/cli.md, "Prediction table").</summary>
internal sealed class PredictionRow
{
    [JsonPropertyName("run_id"), ParquetRequired] public string RunId { get; set; } = "";
    [JsonPropertyName("study"), ParquetRequired] public string Study { get; set; } = "";
    [JsonPropertyName("cutoff_epoch")] public int CutoffEpoch { get; set; }
    [JsonPropertyName("query_epoch")] public int QueryEpoch { get; set; }
    [JsonPropertyName("horizon")] public int Horizon { get; set; }
    [JsonPropertyName("mean")] public double Mean { get; set; }
    [JsonPropertyName("median")] public double Median { get; set; }
    [JsonPropertyName("q05")] public double Q05 { get; set; }
    [JsonPropertyName("q25")] public double Q25 { get; set; }
    [JsonPropertyName("q75")] public double Q75 { get; set; }
    [JsonPropertyName("q95")] public double Q95 { get; set; }
    [JsonPropertyName("p_improve")] public double? PImprove { get; set; }
}
