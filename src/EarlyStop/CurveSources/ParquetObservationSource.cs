using System.Globalization;
using LcPfn.EarlyStop.Batch;
using LcPfn.Prior;
using LcPfn.Prior.Data;
using Parquet;
using Parquet.Schema;

namespace LcPfn.EarlyStop.CurveSources;

/// <summary>
/// Streams a curve table (Parquet, long format) one row group at a time: columns <c>run_id</c> (string or
/// integer), <c>epoch</c> (int32/int64), <c>value</c> (double/float), optional <c>study</c> and <c>horizon</c>.
/// Memory is bounded by the largest row group of the file, never by the file.
/// </summary>
internal sealed class ParquetObservationSource : IObservationSource
{
    private readonly ParquetReader reader;
    private readonly DataField runId;
    private readonly DataField epoch;
    private readonly DataField value;
    private readonly DataField? study;
    private readonly DataField? horizon;
    private readonly long totalRows;
    private int nextRowGroup;
    private long rowsRead;
    private string lastRunId = "";

    // Buffers reused from row group to row group, so that big arrays are not re-allocated on the large object heap
    // for every row group (which would let RSS grow until the next full GC).
    private ObservationChunk? chunk;
    private ReadOnlyMemory<char>[] memories = [];
    private long[] integers = [];
    private CellIssue[] missing = [];

    private ParquetObservationSource(string path, ParquetReader reader, DataField runId, DataField epoch, DataField value, DataField? study, DataField? horizon)
    {
        Path = path;
        this.reader = reader;
        this.runId = runId;
        this.epoch = epoch;
        this.value = value;
        this.study = study;
        this.horizon = horizon;
        totalRows = reader.RowGroups.Sum(g => g.RowCount);
    }

    public string Path { get; }

    public bool HasStudy => study is not null;

    public bool HasHorizon => horizon is not null;

    public long? EstimatedObservations => totalRows;

    /// <summary>Opens the file and checks its schema; a file that is not Parquet (or lost its footer) fails here.</summary>
    public static async Task<ParquetObservationSource> OpenAsync(string path, CancellationToken cancellationToken)
    {
        ParquetReader reader;
        try
        {
            reader = await ParquetReader.CreateAsync(path, BatchParquetOptions.Create(), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException and not FileNotFoundException and not DirectoryNotFoundException)
        {
            throw new InvalidInputException($"{path}: not a readable Parquet file (corrupt or truncated?): {ex.Message}", ex);
        }
        try
        {
            var fields = reader.Schema.DataFields;
            DataField? Find(string name) => fields.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase) && f.Path.Length == 1);
            var runId = Find("run_id");
            var epoch = Find("epoch");
            var value = Find("value");
            if (runId is null || epoch is null || value is null)
            {
                throw new InvalidInputException(
                    $"{path}: a curve table needs the columns run_id, epoch and value; it has {string.Join(", ", fields.Select(f => f.Name))}.");
            }
            CheckType(path, runId, typeof(string), typeof(ReadOnlyMemory<char>), typeof(int), typeof(long));
            CheckType(path, epoch, typeof(int), typeof(long), typeof(short));
            CheckType(path, value, typeof(double), typeof(float));
            var study = Find("study");
            if (study is not null) CheckType(path, study, typeof(string), typeof(ReadOnlyMemory<char>));
            var horizon = Find("horizon");
            if (horizon is not null) CheckType(path, horizon, typeof(int), typeof(long), typeof(short));
            return new ParquetObservationSource(path, reader, runId, epoch, value, study, horizon);
        }
        catch
        {
            await reader.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async ValueTask<ObservationChunk?> ReadAsync(CancellationToken cancellationToken)
    {
        while (nextRowGroup < reader.RowGroupCount)
        {
            var index = nextRowGroup++;
            var group = reader.OpenRowGroupReader(index);
            var count = checked((int)group.RowCount);
            if (count == 0) continue;
            var firstRow = rowsRead + 1;
            rowsRead += count;
            try
            {
                if (chunk is null || chunk.Capacity < count) chunk = new ObservationChunk(count, study is not null, horizon is not null);
                chunk.Count = count;
                chunk.InputFraction = totalRows == 0 ? 1 : (double)rowsRead / totalRows;
                Array.Clear(chunk.Issues, 0, count);
                await ReadRunIdsAsync(group, chunk, count, cancellationToken).ConfigureAwait(false);
                if (study is not null)
                {
                    await group.ReadAsync(study, chunk.Studies.AsMemory(0, count), cancellationToken: cancellationToken).ConfigureAwait(false);
                }
                await ReadIntsAsync(group, epoch, chunk.Epochs, count, chunk.Issues, cancellationToken).ConfigureAwait(false);
                if (horizon is not null)
                    await ReadIntsAsync(group, horizon, chunk.Horizons!, count, null, cancellationToken).ConfigureAwait(false);
                await ReadValuesAsync(group, chunk, count, cancellationToken).ConfigureAwait(false);
                for (var i = 0; i < count; i++) chunk.Rows[i] = firstRow + i;
                return chunk;
            }
            catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException and not InvalidInputException)
            {
                throw new InvalidInputException(
                    string.Create(CultureInfo.InvariantCulture, $"{Path}: cannot read row group {index} (rows {firstRow}..{rowsRead}); the file is corrupt or truncated: {ex.Message}"), ex);
            }
        }
        return null;
    }

    public ValueTask DisposeAsync() => reader.DisposeAsync();

    private static void CheckType(string path, DataField field, params Type[] allowed)
    {
        if (field.IsArray || !allowed.Contains(field.ClrType))
        {
            throw new InvalidInputException(
                $"{path}: column {field.Name} has type {field.ClrType.Name}{(field.IsArray ? "[]" : "")}; expected one of {string.Join(", ", allowed.Select(t => t.Name))}.");
        }
    }

    private async Task ReadRunIdsAsync(ParquetRowGroupReader group, ObservationChunk chunk, int count, CancellationToken ct)
    {
        if (runId.ClrType == typeof(int) || runId.ClrType == typeof(long))
        {
            EnsureIntegerBuffers(count);
            await ReadIntegersAsync(group, runId, integers, count, missing, ct).ConfigureAwait(false);
            for (var i = 0; i < count; i++)
            {
                var id = integers[i];
                chunk.RunIds[i] = missing[i] != CellIssue.None ? "" : i > 0 && id == integers[i - 1] && missing[i - 1] == CellIssue.None ? chunk.RunIds[i - 1] : id.ToString(CultureInfo.InvariantCulture);
            }
            return;
        }
        if (!runId.IsNullable)
        {
            // Decoding to ReadOnlyMemory<char> is about twice as fast as to strings in Parquet.Net 6, and rows of one
            // run share a single string instead of allocating one per row.
            if (memories.Length < count) memories = new ReadOnlyMemory<char>[count];
            await group.ReadAsync(runId, memories.AsMemory(0, count), cancellationToken: ct).ConfigureAwait(false);
            var previous = lastRunId;
            for (var i = 0; i < count; i++)
            {
                var span = memories[i].Span;
                if (!span.SequenceEqual(previous)) previous = new string(span);
                chunk.RunIds[i] = previous;
            }
            lastRunId = previous;
            Array.Clear(memories, 0, count); // the decoder made a char[] per row: let the collector have them now
            return;
        }
        // A nullable string column decodes to a new string per row (Parquet.Net 6 reads it into ReadOnlyMemory<char>
        // only without nulls): rows of one run then share the first row's string, so that a row group keeps one string
        // per run alive instead of one per row.
        await group.ReadAsync(runId, chunk.RunIds.AsMemory(0, count)!, cancellationToken: ct).ConfigureAwait(false);
        var last = lastRunId;
        for (var i = 0; i < count; i++)
        {
            var id = chunk.RunIds[i] ?? "";
            chunk.RunIds[i] = last = string.Equals(id, last, StringComparison.Ordinal) ? last : id;
        }
        lastRunId = last;
    }

    private async Task ReadIntsAsync(ParquetRowGroupReader group, DataField field, int[] target, int count, CellIssue[]? issues, CancellationToken ct)
    {
        if (field.ClrType == typeof(int) && !field.IsNullable)
        {
            await group.ReadAsync(field, target.AsMemory(0, count), cancellationToken: ct).ConfigureAwait(false);
            return;
        }
        EnsureIntegerBuffers(count);
        await ReadIntegersAsync(group, field, integers, count, missing, ct).ConfigureAwait(false);
        for (var i = 0; i < count; i++)
        {
            // Out-of-range epochs become 0 so that the validator rejects them as epoch_out_of_range.
            target[i] = integers[i] is >= int.MinValue and <= int.MaxValue ? (int)integers[i] : 0;
            if (issues is not null && missing[i] != CellIssue.None) issues[i] = CellIssue.Missing;
        }
    }

    // Only columns that are not plain int32 need them (9 MB per million rows): allocated on first use, cleared per read.
    private void EnsureIntegerBuffers(int count)
    {
        if (integers.Length < count)
        {
            integers = new long[count];
            missing = new CellIssue[count];
        }
        Array.Clear(missing, 0, count);
    }

    private static async Task ReadIntegersAsync(ParquetRowGroupReader group, DataField field, long[] target, int n, CellIssue[] missing, CancellationToken ct)
    {
        if (field.ClrType == typeof(long) && !field.IsNullable)
        {
            await group.ReadAsync(field, target.AsMemory(0, n), cancellationToken: ct).ConfigureAwait(false);
        }
        else if (field.ClrType == typeof(long))
        {
            var v = new long?[n];
            await group.ReadAsync(field, v.AsMemory(), cancellationToken: ct).ConfigureAwait(false);
            for (var i = 0; i < n; i++) { target[i] = v[i] ?? 0; if (v[i] is null) missing[i] = CellIssue.Missing; }
        }
        else if (field.ClrType == typeof(int) && !field.IsNullable)
        {
            var v = new int[n];
            await group.ReadAsync(field, v.AsMemory(), cancellationToken: ct).ConfigureAwait(false);
            for (var i = 0; i < n; i++) target[i] = v[i];
        }
        else if (field.ClrType == typeof(int))
        {
            var v = new int?[n];
            await group.ReadAsync(field, v.AsMemory(), cancellationToken: ct).ConfigureAwait(false);
            for (var i = 0; i < n; i++) { target[i] = v[i] ?? 0; if (v[i] is null) missing[i] = CellIssue.Missing; }
        }
        else
        {
            var v = new short?[n];
            await group.ReadAsync(field, v.AsMemory(), cancellationToken: ct).ConfigureAwait(false);
            for (var i = 0; i < n; i++) { target[i] = v[i] ?? 0; if (v[i] is null) missing[i] = CellIssue.Missing; }
        }
    }

    private async Task ReadValuesAsync(ParquetRowGroupReader group, ObservationChunk chunk, int n, CancellationToken ct)
    {
        if (value.ClrType == typeof(double))
        {
            if (value.IsNullable)
            {
                var v = new double?[n];
                await group.ReadAsync(value, v.AsMemory(), cancellationToken: ct).ConfigureAwait(false);
                for (var i = 0; i < n; i++) { chunk.Values[i] = v[i] ?? double.NaN; if (v[i] is null) chunk.Issues[i] = CellIssue.Missing; }
            }
            else
            {
                await group.ReadAsync(value, chunk.Values.AsMemory(0, n), cancellationToken: ct).ConfigureAwait(false);
            }
            return;
        }
        var f = new float?[n];
        await group.ReadAsync(value, f.AsMemory(), cancellationToken: ct).ConfigureAwait(false);
        for (var i = 0; i < n; i++) { chunk.Values[i] = f[i] ?? double.NaN; if (f[i] is null) chunk.Issues[i] = CellIssue.Missing; }
    }
}
