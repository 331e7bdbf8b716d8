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
    private readonly ParquetColumnReader columns = new();
    private string lastStudy = "";

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
                    lastStudy = await columns.ReadTextAsync(group, study, chunk.Studies!, count, null, lastStudy, cancellationToken).ConfigureAwait(false);
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
        if (runId.ClrType == typeof(string) || runId.ClrType == typeof(ReadOnlyMemory<char>))
        {
            // A missing id becomes "", which the run rules reject as missing_run_id.
            lastRunId = await columns.ReadTextAsync(group, runId, chunk.RunIds!, count, "", lastRunId, ct).ConfigureAwait(false);
            return;
        }
        var ids = await columns.ReadIntegersAsync(group, runId, count, ct).ConfigureAwait(false);
        for (var i = 0; i < count; i++)
        {
            chunk.RunIds[i] = ids.IsNull(i) ? ""
                : i > 0 && ids[i] == ids[i - 1] && !ids.IsNull(i - 1) ? chunk.RunIds[i - 1]
                : ids[i].ToString(CultureInfo.InvariantCulture);
        }
    }

    private async Task ReadIntsAsync(ParquetRowGroupReader group, DataField field, int[] target, int count, CellIssue[]? issues, CancellationToken ct)
    {
        if (field.ClrType == typeof(int))
        {
            var ints = await columns.ReadAsync(group, field, count, target, ct).ConfigureAwait(false);
            if (issues is not null && field.IsNullable)
            {
                for (var i = 0; i < count; i++) if (ints.IsNull(i)) issues[i] = CellIssue.Missing;
            }
            return;
        }
        var cells = await columns.ReadIntegersAsync(group, field, count, ct).ConfigureAwait(false);
        for (var i = 0; i < count; i++)
        {
            // Out-of-range epochs become 0 so that the validator rejects them as epoch_out_of_range.
            target[i] = cells[i] is >= int.MinValue and <= int.MaxValue ? (int)cells[i] : 0;
            if (issues is not null && cells.IsNull(i)) issues[i] = CellIssue.Missing;
        }
    }

    private async Task ReadValuesAsync(ParquetRowGroupReader group, ObservationChunk chunk, int count, CancellationToken ct)
    {
        var values = value.ClrType == typeof(double)
            ? await columns.ReadAsync(group, value, count, chunk.Values, ct).ConfigureAwait(false)
            : await columns.ReadNumbersAsync(group, value, count, ct).ConfigureAwait(false);
        for (var i = 0; i < count; i++)
        {
            if (values.IsNull(i)) { chunk.Values[i] = double.NaN; chunk.Issues[i] = CellIssue.Missing; }
            else chunk.Values[i] = values[i];
        }
    }
}
