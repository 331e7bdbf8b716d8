using LcPfn.Prior.Data;
using Parquet;
using Parquet.Schema;

namespace LcPfn.EarlyStop.Batch;

/// <summary>
/// Writes the rejected-runs table (Snappy Parquet): run_id, study, reason, epoch (nullable int32), row (nullable
/// int64), detail. One row per rejected run.
/// </summary>
internal sealed class RejectedTableWriter : BufferedTableWriter
{
    private const int RowGroupSize = 65_536;

    private static readonly DataField[] Fields =
    [
        new DataField<string>("run_id", false),
        new DataField<string>("study", false),
        new DataField<string>("reason", false),
        new DataField<int?>("epoch", true),
        new DataField<long?>("row", true),
        new DataField<string>("detail", false),
    ];

    private readonly List<BatchRejectedRun> buffer = [];

    private RejectedTableWriter(AtomicParquetFile file)
        : base(file, RowGroupSize)
    {
    }

    protected override int BufferedRows => buffer.Count;

    public static async Task<RejectedTableWriter> CreateAsync(string path, CancellationToken cancellationToken)
    {
        var file = await AtomicParquetFile.CreateAsync(path, new ParquetSchema(Fields), BatchParquetOptions.Create(), cancellationToken: cancellationToken).ConfigureAwait(false);
        return new RejectedTableWriter(file);
    }

    public async Task AppendAsync(IEnumerable<BatchRejectedRun> rejected, CancellationToken cancellationToken)
    {
        foreach (var r in rejected)
        {
            buffer.Add(r);
            await FlushIfFullAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    protected override async Task WriteColumnsAsync(ParquetRowGroupWriter group, CancellationToken ct)
    {
        await group.WriteAsync(Fields[0], buffer.Select(r => r.RunId).ToArray()).ConfigureAwait(false);
        await group.WriteAsync(Fields[1], buffer.Select(r => r.Study).ToArray()).ConfigureAwait(false);
        await group.WriteAsync(Fields[2], buffer.Select(r => r.Reason).ToArray()).ConfigureAwait(false);
        await group.WriteAsync<int>(Fields[3], buffer.Select(r => r.Epoch).ToArray().AsMemory(), cancellationToken: ct).ConfigureAwait(false);
        await group.WriteAsync<long>(Fields[4], buffer.Select(r => r.Row).ToArray().AsMemory(), cancellationToken: ct).ConfigureAwait(false);
        await group.WriteAsync(Fields[5], buffer.Select(r => r.Detail).ToArray()).ConfigureAwait(false);
    }

    protected override void ClearBuffer() => buffer.Clear();
}
