using Parquet;

namespace LcPfn.EarlyStop.Batch;

/// <summary>
/// The Parquet.Net options of the batch path: Snappy, and small caps on the free memory Parquet.Net's stream pool
/// may keep (its defaults, 16 MB + 64 MB, are a large part of the resident set of a streaming job).
/// </summary>
internal static class BatchParquetOptions
{
    public static ParquetOptions Create() => new()
    {
        CompressionMethod = CompressionMethod.Snappy,
        MaximumSmallPoolFreeBytes = 4 << 20,
        MaximumLargePoolFreeBytes = 8 << 20,
    };
}
