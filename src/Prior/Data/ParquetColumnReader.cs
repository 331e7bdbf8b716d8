using Parquet;
using Parquet.Schema;

namespace LcPfn.Prior.Data;

/// <summary>
/// Reads flat columns of Parquet row groups into buffers that are reused from row group to row group, through
/// Parquet.Net's raw API: the non-null values are decoded densely, the definition levels say which rows are null, and
/// the values are then moved to their rows. Parquet.Net's convenience readers for nullable and string columns rent a
/// pooled buffer per call and give it back uncleared, so a pooled <c>ReadOnlyMemory&lt;char&gt;[]</c> kept a million
/// decoded <c>char[]</c> alive per row group read (docs/performance.md); here every buffer is ours, and the text buffer
/// is cleared as soon as its strings are made. Used by the streaming batch sources and by <see cref="CurveTableReader"/>.
/// </summary>
/// <remarks>A column read stays valid until the next read of the same value type.</remarks>
public sealed class ParquetColumnReader
{
    private readonly Dictionary<Type, Array> buffers = [];
    private int[] definitionLevels = [];

    /// <summary>
    /// Reads a column of CLR type <typeparamref name="T"/> into <paramref name="into"/> (else a reused buffer): row i's
    /// value is at index i, a null row holds default.
    /// </summary>
    public async ValueTask<ColumnCells<T>> ReadAsync<T>(ParquetRowGroupReader group, DataField field, int count, T[]? into, CancellationToken cancellationToken)
        where T : struct
    {
        var values = into ?? Buffer<T>(count);
        var maxLevel = field.MaxDefinitionLevel;
        if (maxLevel == 0)
        {
            await group.ReadRawAsync(field, values.AsMemory(0, count), null, null, cancellationToken).ConfigureAwait(false);
            return new ColumnCells<T>(values, null, 0);
        }
        if (definitionLevels.Length < count) definitionLevels = new int[count];
        await group.ReadRawAsync(field, values.AsMemory(0, count), definitionLevels.AsMemory(0, count), null, cancellationToken).ConfigureAwait(false);
        var present = 0;
        for (var i = 0; i < count; i++)
        {
            if (definitionLevels[i] == maxLevel) present++;
        }
        if (present < count)
        {
            // Backwards, so that moving a value to its row never overwrites a value not yet moved.
            for (int row = count - 1, next = present - 1; row >= 0; row--)
                values[row] = definitionLevels[row] == maxLevel ? values[next--] : default;
        }
        return new ColumnCells<T>(values, definitionLevels, maxLevel);
    }

    /// <summary>Reads an int16, int32 or int64 column as 64-bit integers.</summary>
    public async ValueTask<ColumnCells<long>> ReadIntegersAsync(ParquetRowGroupReader group, DataField field, int count, CancellationToken cancellationToken)
    {
        if (field.ClrType == typeof(long)) return await ReadAsync<long>(group, field, count, null, cancellationToken).ConfigureAwait(false);
        var wide = Buffer<long>(count);
        if (field.ClrType == typeof(int))
        {
            var cells = await ReadAsync<int>(group, field, count, null, cancellationToken).ConfigureAwait(false);
            for (var i = 0; i < count; i++) wide[i] = cells[i];
            return cells.WithValues(wide);
        }
        var shorts = await ReadAsync<short>(group, field, count, null, cancellationToken).ConfigureAwait(false);
        for (var i = 0; i < count; i++) wide[i] = shorts[i];
        return shorts.WithValues(wide);
    }

    /// <summary>Reads a double or float column as doubles.</summary>
    public async ValueTask<ColumnCells<double>> ReadNumbersAsync(ParquetRowGroupReader group, DataField field, int count, CancellationToken cancellationToken)
    {
        if (field.ClrType == typeof(double)) return await ReadAsync<double>(group, field, count, null, cancellationToken).ConfigureAwait(false);
        var wide = Buffer<double>(count);
        var floats = await ReadAsync<float>(group, field, count, null, cancellationToken).ConfigureAwait(false);
        for (var i = 0; i < count; i++) wide[i] = floats[i];
        return floats.WithValues(wide);
    }

    /// <summary>
    /// Reads a string column into <paramref name="target"/>: consecutive equal values share one string (<paramref
    /// name="previous"/> is the last string of the row group before), and a null row gets <paramref name="nullValue"/>.
    /// Returns the last string made, to pass on to the next row group.
    /// </summary>
    public async ValueTask<string> ReadTextAsync(ParquetRowGroupReader group, DataField field, string?[] target, int count, string? nullValue, string previous, CancellationToken cancellationToken)
    {
        var cells = await ReadAsync<ReadOnlyMemory<char>>(group, field, count, null, cancellationToken).ConfigureAwait(false);
        var last = previous;
        for (var i = 0; i < count; i++)
        {
            if (cells.IsNull(i))
            {
                target[i] = nullValue;
                continue;
            }
            var span = cells[i].Span;
            if (!span.SequenceEqual(last)) last = new string(span);
            target[i] = last;
        }
        Array.Clear(Buffer<ReadOnlyMemory<char>>(count), 0, count); // the decoder made a char[] per row: let the collector have them now
        return last;
    }

    private T[] Buffer<T>(int count)
    {
        if (buffers.TryGetValue(typeof(T), out var existing) && existing.Length >= count) return (T[])existing;
        var buffer = new T[count];
        buffers[typeof(T)] = buffer;
        return buffer;
    }
}

/// <summary>The cells of one column read by <see cref="ParquetColumnReader"/>: row i's value, and whether it is null.</summary>
public readonly struct ColumnCells<T>(T[] values, int[]? definitionLevels, int maxLevel)
    where T : struct
{
    /// <summary>Row <paramref name="row"/>'s value (default for a null row).</summary>
    public T this[int row] => values[row];

    /// <summary>True when row <paramref name="row"/> is null.</summary>
    public bool IsNull(int row) => definitionLevels is not null && definitionLevels[row] != maxLevel;

    /// <summary>The same null rows over converted values.</summary>
    public ColumnCells<TOther> WithValues<TOther>(TOther[] converted) where TOther : struct => new(converted, definitionLevels, maxLevel);
}
