using Parquet;
using Parquet.Schema;

namespace LcPfn.EarlyStop.Batch;

/// <summary>
/// Writes the rejected-runs table (Snappy Parquet): run_id, study, reason, epoch (nullable int32), row (nullable
/// int64), detail. One row per rejected run.
/// </summary>
internal sealed class RejectedTableWriter : IAsyncDisposable
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

    private readonly FileStream stream;
    private readonly ParquetWriter writer;
    private readonly List<BatchRejectedRun> buffer = [];

    private RejectedTableWriter(FileStream stream, ParquetWriter writer)
    {
        this.stream = stream;
        this.writer = writer;
    }

    private bool completed;

    public long Rows { get; private set; }

    public static async Task<RejectedTableWriter> CreateAsync(string path, CancellationToken cancellationToken)
    {
        var stream = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16);
        try
        {
            var writer = await ParquetWriter.CreateAsync(new ParquetSchema(Fields), stream, BatchParquetOptions.Create(), false, cancellationToken).ConfigureAwait(false);
            return new RejectedTableWriter(stream, writer);
        }
        catch
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async Task AppendAsync(IEnumerable<BatchRejectedRun> rejected, CancellationToken cancellationToken)
    {
        foreach (var r in rejected)
        {
            buffer.Add(r);
            if (buffer.Count >= RowGroupSize) await FlushAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task CompleteAsync(CancellationToken cancellationToken)
    {
        await FlushAsync(cancellationToken).ConfigureAwait(false);
        await writer.DisposeAsync().ConfigureAwait(false);
        completed = true;
        await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        stream.Flush(flushToDisk: true);
    }

    public async ValueTask DisposeAsync()
    {
        if (!completed)
        {
            // A failed job: the temporary file is deleted anyway, so a footer that cannot be written does not matter.
            try { await writer.DisposeAsync().ConfigureAwait(false); } catch (Exception) { }
        }
        await stream.DisposeAsync().ConfigureAwait(false);
    }

    private async Task FlushAsync(CancellationToken ct)
    {
        if (buffer.Count == 0) return;
        using (var group = writer.CreateRowGroup())
        {
            await group.WriteAsync(Fields[0], buffer.Select(r => r.RunId).ToArray()).ConfigureAwait(false);
            await group.WriteAsync(Fields[1], buffer.Select(r => r.Study).ToArray()).ConfigureAwait(false);
            await group.WriteAsync(Fields[2], buffer.Select(r => r.Reason).ToArray()).ConfigureAwait(false);
            await group.WriteAsync<int>(Fields[3], buffer.Select(r => r.Epoch).ToArray().AsMemory(), cancellationToken: ct).ConfigureAwait(false);
            await group.WriteAsync<long>(Fields[4], buffer.Select(r => r.Row).ToArray().AsMemory(), cancellationToken: ct).ConfigureAwait(false);
            await group.WriteAsync(Fields[5], buffer.Select(r => r.Detail).ToArray()).ConfigureAwait(false);
            group.CompleteValidate();
        }
        Rows += buffer.Count;
        buffer.Clear();
    }
}
