using LcPfn.Prior.Data;
using Parquet;

namespace LcPfn.EarlyStop.Batch;

/// <summary>
/// What the batch job's Parquet tables share: rows are buffered and written one row group at a time into an
/// <see cref="AtomicParquetFile"/>, so the table appears under its name only when <see cref="CompleteAsync"/> ran.
/// A table says how many rows it buffers, how to write them as columns and how to clear them.
/// </summary>
internal abstract class BufferedTableWriter(AtomicParquetFile file, int rowGroupSize) : IAsyncDisposable
{
    /// <summary>Rows written to row groups so far.</summary>
    public long Rows { get; private set; }

    /// <summary>Rows waiting in the buffer.</summary>
    protected abstract int BufferedRows { get; }

    /// <summary>Writes the last row group and the footer, and renames the file to its name.</summary>
    public async Task CompleteAsync(CancellationToken cancellationToken)
    {
        await FlushAsync(cancellationToken).ConfigureAwait(false);
        await file.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Closes the table; without <see cref="CompleteAsync"/> the temporary file is deleted.</summary>
    public ValueTask DisposeAsync() => file.DisposeAsync();

    /// <summary>Writes a row group when the buffer holds a full one.</summary>
    protected Task FlushIfFullAsync(CancellationToken cancellationToken) =>
        BufferedRows >= rowGroupSize ? FlushAsync(cancellationToken) : Task.CompletedTask;

    /// <summary>Writes the buffered rows as the columns of <paramref name="group"/>, in schema order.</summary>
    protected abstract Task WriteColumnsAsync(ParquetRowGroupWriter group, CancellationToken cancellationToken);

    /// <summary>Empties the buffer after its rows were written.</summary>
    protected abstract void ClearBuffer();

    private async Task FlushAsync(CancellationToken cancellationToken)
    {
        if (BufferedRows == 0) return;
        using (var group = file.Writer.CreateRowGroup())
        {
            await WriteColumnsAsync(group, cancellationToken).ConfigureAwait(false);
            group.CompleteValidate();
        }
        Rows += BufferedRows;
        ClearBuffer();
    }
}
