using Parquet;
using Parquet.Schema;

namespace LcPfn.Prior.Data;

/// <summary>Reads one Parquet column of a row group into managed arrays, whatever its physical type and nullability.</summary>
internal static class ParquetColumns
{
    /// <summary>
    /// A text column (strings, or integers turned into text) as strings; null cells stay null. Strings are read through
    /// <paramref name="columns"/> (its buffers are reused, and consecutive equal cells share one string).
    /// </summary>
    public static async Task<string?[]> ReadTextAsync(ParquetRowGroupReader group, DataField field, int count, ParquetColumnReader columns, CancellationToken cancellationToken)
    {
        if (IsText(field))
        {
            var text = new string?[count];
            await columns.ReadTextAsync(group, field, text, count, null, "", cancellationToken).ConfigureAwait(false);
            return text;
        }
        double?[] numbers = await ReadNumbersAsync(group, field, count, cancellationToken).ConfigureAwait(false);
        return numbers.Select(n => n?.ToString("R", System.Globalization.CultureInfo.InvariantCulture)).ToArray();
    }

    /// <summary>True for string columns (Parquet.Net 6 reports them as <c>string</c> or <c>ReadOnlyMemory&lt;char&gt;</c>).</summary>
    public static bool IsText(DataField field) => field.ClrType == typeof(string) || field.ClrType == typeof(ReadOnlyMemory<char>);

    /// <summary>True for the column types <see cref="ReadNumbersAsync"/> understands.</summary>
    public static bool IsNumeric(DataField field) => NumericTypes.Contains(field.ClrType);

    private static readonly HashSet<Type> NumericTypes =
    [
        typeof(double), typeof(float), typeof(int), typeof(long), typeof(short), typeof(uint), typeof(ulong), typeof(ushort), typeof(byte), typeof(sbyte),
    ];

    /// <summary>A numeric column (any integer or floating type) as doubles; null cells stay null.</summary>
    /// <exception cref="InvalidInputException">The column is not numeric.</exception>
    public static async Task<double?[]> ReadNumbersAsync(ParquetRowGroupReader group, DataField field, int count, CancellationToken cancellationToken)
    {
        Type t = field.ClrType;
        if (t == typeof(double)) return await ReadAsync<double>(group, field, count, v => v, cancellationToken).ConfigureAwait(false);
        if (t == typeof(float)) return await ReadAsync<float>(group, field, count, v => v, cancellationToken).ConfigureAwait(false);
        if (t == typeof(int)) return await ReadAsync<int>(group, field, count, v => v, cancellationToken).ConfigureAwait(false);
        if (t == typeof(long)) return await ReadAsync<long>(group, field, count, v => v, cancellationToken).ConfigureAwait(false);
        if (t == typeof(short)) return await ReadAsync<short>(group, field, count, v => v, cancellationToken).ConfigureAwait(false);
        if (t == typeof(uint)) return await ReadAsync<uint>(group, field, count, v => v, cancellationToken).ConfigureAwait(false);
        if (t == typeof(ulong)) return await ReadAsync<ulong>(group, field, count, v => v, cancellationToken).ConfigureAwait(false);
        if (t == typeof(ushort)) return await ReadAsync<ushort>(group, field, count, v => v, cancellationToken).ConfigureAwait(false);
        if (t == typeof(byte)) return await ReadAsync<byte>(group, field, count, v => v, cancellationToken).ConfigureAwait(false);
        if (t == typeof(sbyte)) return await ReadAsync<sbyte>(group, field, count, v => v, cancellationToken).ConfigureAwait(false);
        throw new InvalidInputException($"column '{field.Name}' has type {t.Name}; a number is needed.");
    }

    private static async Task<double?[]> ReadAsync<T>(ParquetRowGroupReader group, DataField field, int count, Func<T, double> convert, CancellationToken cancellationToken)
        where T : struct
    {
        var result = new double?[count];
        if (field.IsNullable)
        {
            var buffer = new T?[count];
            await group.ReadAsync(field, buffer.AsMemory(), null, cancellationToken).ConfigureAwait(false);
            for (int i = 0; i < count; i++) result[i] = buffer[i] is { } v ? convert(v) : null;
        }
        else
        {
            var buffer = new T[count];
            await group.ReadAsync(field, buffer.AsMemory(), null, cancellationToken).ConfigureAwait(false);
            for (int i = 0; i < count; i++) result[i] = convert(buffer[i]);
        }
        return result;
    }
}
