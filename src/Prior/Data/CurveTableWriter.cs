using Parquet;
using Parquet.Schema;

namespace LcPfn.Prior.Data;

/// <summary>
/// Streams a curve table (long format, one row per observation: <c>run_id</c> string, <c>epoch</c> int32 1-based,
/// <c>value</c> double, optional <c>study</c> string and <c>horizon</c> int32) to a Parquet file with Snappy
/// compression. Rows are buffered up to <see cref="CurveTableWriterOptions.RowGroupRows"/> and then written as one
/// row group, so memory stays flat for any number of curves. The data goes to a temporary file beside the target,
/// which <see cref="CompleteAsync"/> renames; disposing without completing deletes it, so an interrupted run never
/// leaves a half-written file under the target name (<see cref="AtomicParquetFile"/>).
/// </summary>
public sealed class CurveTableWriter : IAsyncDisposable
{
    /// <summary>Most free bytes Parquet.Net's stream pools may keep (small and large pool each): 64 MB.</summary>
    private const int PoolFreeBytes = 64 << 20;

    private static readonly DataField<string> RunIdField = new("run_id");
    private static readonly DataField<int> EpochField = new("epoch");
    private static readonly DataField<double> ValueField = new("value");
    private static readonly DataField<string> StudyField = new("study");
    private static readonly DataField<int> HorizonField = new("horizon");

    private readonly AtomicParquetFile _file;
    private readonly CurveTableWriterOptions _options;
    private readonly string[] _runIds;
    private readonly int[] _epochs;
    private readonly double[] _values;
    private readonly string[]? _studies;
    private readonly int[]? _horizons;
    private int _buffered;
    private bool _completed;
    private bool _disposed;

    private CurveTableWriter(AtomicParquetFile file, CurveTableWriterOptions options)
    {
        _file = file;
        _options = options;
        _runIds = new string[options.RowGroupRows];
        _epochs = new int[options.RowGroupRows];
        _values = new double[options.RowGroupRows];
        if (options.IncludeStudy) _studies = new string[options.RowGroupRows];
        if (options.IncludeHorizon) _horizons = new int[options.RowGroupRows];
    }

    /// <summary>The file the table ends up in.</summary>
    public string Path => _file.Path;

    /// <summary>Rows written so far (including buffered ones).</summary>
    public long Rows { get; private set; }

    /// <summary>Curves written so far.</summary>
    public long Curves { get; private set; }

    /// <summary>The schema of a table written with <paramref name="options"/>.</summary>
    public static ParquetSchema CreateSchema(CurveTableWriterOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var fields = new List<Field> { RunIdField, EpochField, ValueField };
        if (options.IncludeStudy) fields.Add(StudyField);
        if (options.IncludeHorizon) fields.Add(HorizonField);
        return new ParquetSchema(fields);
    }

    /// <summary>Opens a writer for <paramref name="path"/> (the folder must exist; an existing file is replaced on completion).</summary>
    /// <exception cref="InvalidInputException">The options are invalid.</exception>
    /// <exception cref="DirectoryNotFoundException">The target folder does not exist.</exception>
    public static async Task<CurveTableWriter> CreateAsync(string path, CurveTableWriterOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        options ??= new CurveTableWriterOptions();
        options.Validate();
        var parquetOptions = new ParquetOptions
        {
            CompressionMethod = CompressionMethod.Snappy,
            // Parquet.Net pools its buffers without limit by default; cap the pool so memory stays flat.
            MaximumSmallPoolFreeBytes = PoolFreeBytes,
            MaximumLargePoolFreeBytes = PoolFreeBytes,
        };
        var file = await AtomicParquetFile.CreateAsync(path, CreateSchema(options), parquetOptions, 1 << 20, cancellationToken).ConfigureAwait(false);
        return new CurveTableWriter(file, options);
    }

    /// <summary>
    /// Appends one curve: <paramref name="values"/>[i] is the value at epoch <paramref name="firstEpoch"/> + i.
    /// Writes a row group whenever the buffer fills.
    /// </summary>
    /// <param name="runId">The run identifier (for prior curves: the curve number).</param>
    /// <param name="values">The values, one per consecutive epoch.</param>
    /// <param name="horizon">The run's final epoch (the <c>horizon</c> column); null = the last epoch written.</param>
    /// <param name="study">The study (the <c>study</c> column when included); null = <see cref="LearningCurve.DefaultStudy"/>.</param>
    /// <param name="firstEpoch">Epoch of the first value; ≥ 1.</param>
    /// <param name="cancellationToken">Cancels a pending row-group write.</param>
    public async ValueTask WriteCurveAsync(string runId, ReadOnlyMemory<float> values, int? horizon = null, string? study = null, int firstEpoch = 1, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(runId);
        ArgumentOutOfRangeException.ThrowIfLessThan(firstEpoch, 1);
        ThrowIfClosed();
        int h = horizon ?? firstEpoch + values.Length - 1;
        int done = 0;
        while (done < values.Length)
        {
            int n = Math.Min(values.Length - done, _options.RowGroupRows - _buffered);
            var source = values.Span.Slice(done, n);
            for (int i = 0; i < n; i++)
            {
                int row = _buffered + i;
                _runIds[row] = runId;
                _epochs[row] = firstEpoch + done + i;
                _values[row] = source[i];
            }
            _studies?.AsSpan(_buffered, n).Fill(study ?? LearningCurve.DefaultStudy);
            _horizons?.AsSpan(_buffered, n).Fill(h);
            _buffered += n;
            done += n;
            if (_buffered == _options.RowGroupRows) await FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        Rows += values.Length;
        Curves++;
    }

    /// <summary>Appends a <see cref="LearningCurve"/> (its epochs, values, study and horizon).</summary>
    public async ValueTask WriteCurveAsync(LearningCurve curve, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(curve);
        ThrowIfClosed();
        for (int i = 0; i < curve.Count; i++)
        {
            int row = _buffered;
            _runIds[row] = curve.RunId;
            _epochs[row] = curve.Epochs[i];
            _values[row] = curve.Values[i];
            if (_studies is not null) _studies[row] = curve.Study;
            if (_horizons is not null) _horizons[row] = curve.Horizon;
            if (++_buffered == _options.RowGroupRows) await FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        Rows += curve.Count;
        Curves++;
    }

    /// <summary>Writes the buffered rows as the last row group, closes the file and renames it to <see cref="Path"/>.</summary>
    public async Task CompleteAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfClosed();
        await FlushAsync(cancellationToken).ConfigureAwait(false);
        await _file.CommitAsync(cancellationToken).ConfigureAwait(false);
        _completed = true;
    }

    /// <summary>
    /// Closes the writer; without <see cref="CompleteAsync"/> the temporary file is deleted at once (the Parquet footer
    /// is not written, so an interrupted run, for example Ctrl+C, cleans up within its short grace period).
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed) return;
        _disposed = true;
        await _file.DisposeAsync().ConfigureAwait(false);
    }

    private async Task FlushAsync(CancellationToken cancellationToken)
    {
        if (_buffered == 0) return;
        int n = _buffered;
        using (var group = _file.Writer.CreateRowGroup())
        {
            await group.WriteAsync(RunIdField, n == _runIds.Length ? _runIds : _runIds[..n]).ConfigureAwait(false);
            await group.WriteAsync<int>(EpochField, _epochs.AsMemory(0, n), cancellationToken: cancellationToken).ConfigureAwait(false);
            await group.WriteAsync<double>(ValueField, _values.AsMemory(0, n), cancellationToken: cancellationToken).ConfigureAwait(false);
            if (_studies is not null)
                await group.WriteAsync(StudyField, n == _studies.Length ? _studies : _studies[..n]).ConfigureAwait(false);
            if (_horizons is not null)
                await group.WriteAsync<int>(HorizonField, _horizons.AsMemory(0, n), cancellationToken: cancellationToken).ConfigureAwait(false);
            group.CompleteValidate();
        }
        _buffered = 0;
    }

    private void ThrowIfClosed()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_completed) throw new InvalidOperationException($"The curve table {Path} is already complete.");
    }
}
