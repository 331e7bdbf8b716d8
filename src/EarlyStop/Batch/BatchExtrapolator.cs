using System.Diagnostics;
using System.Threading.Channels;
using LcPfn.EarlyStop.CurveSources;
using LcPfn.Prior;
using LcPfn.Prior.Data;
using LcPfn.Prior.Prediction;
using LcPfn.Transformer.Runtime;

namespace LcPfn.EarlyStop.Batch;

/// <summary>
/// Streams a curve file (Parquet curve table, long CSV or wide CSV) through an <see cref="ICurveExtrapolator"/>
/// and writes the prediction table (Parquet) plus a table of rejected runs. Memory stays bounded whatever the
/// input size: input is read one row group (or chunk of lines) at a time, runs are assembled as they complete,
/// batches are predicted on a bounded producer/consumer pipeline, and output row groups are written as they fill.
/// Bad runs are rejected, never fatal; a corrupt input fails the job, and no partial file ever appears under the
/// output names (both tables are written to temporary files and renamed on success). See docs/batch.md.
/// </summary>
public sealed class BatchExtrapolator
{
    private readonly ICurveExtrapolator extrapolator;
    private readonly BatchExtrapolatorOptions options;
    private readonly BatchPredictor predictor;

    /// <summary>Creates a batch job runner; the options are validated here.</summary>
    /// <exception cref="InvalidInputException">An option is out of range (every problem is listed).</exception>
    public BatchExtrapolator(ICurveExtrapolator extrapolator, BatchExtrapolatorOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(extrapolator);
        this.extrapolator = extrapolator;
        this.options = options ?? new BatchExtrapolatorOptions();
        this.options.Validate();
        predictor = new BatchPredictor(extrapolator, this.options);
    }

    /// <summary>The options in use.</summary>
    public BatchExtrapolatorOptions Options => options;

    /// <summary>The rejected-runs table next to <paramref name="outputPath"/>: <c>preds.parquet</c> → <c>preds.rejected.parquet</c>.</summary>
    public static string RejectedPathFor(string outputPath)
    {
        var full = Path.GetFullPath(outputPath);
        var stem = full.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase) ? full[..^".parquet".Length] : full;
        return stem + ".rejected.parquet";
    }

    /// <summary>
    /// Predicts every run of <paramref name="inputPath"/> and writes <paramref name="outputPath"/> and its rejected
    /// table (<see cref="RejectedPathFor"/>). Existing files under those names are replaced only on success.
    /// </summary>
    /// <param name="inputPath">A <c>.parquet</c> curve table, or a <c>.csv</c> (long with run_id/epoch/value, else wide).</param>
    /// <param name="outputPath">The prediction table to write (Parquet).</param>
    /// <param name="progress">Receives a report at most every <see cref="BatchExtrapolatorOptions.ProgressInterval"/>, on the calling flow.</param>
    /// <param name="cancellationToken">Stops the job; nothing is left under the output names.</param>
    /// <exception cref="InvalidInputException">The input is missing, corrupt, truncated or has no curve columns.</exception>
    public async Task<BatchSummary> RunAsync(string inputPath, string outputPath, IProgress<BatchProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(inputPath);
        ArgumentException.ThrowIfNullOrWhiteSpace(outputPath);
        var input = Path.GetFullPath(inputPath);
        var output = Path.GetFullPath(outputPath);
        if (Directory.Exists(input)) throw new InvalidInputException($"input {input} is a directory, not a file; give one .parquet or .csv file.");
        if (!File.Exists(input)) throw new InvalidInputException($"input file {input} does not exist.");
        if (string.Equals(input, output, StringComparison.Ordinal) || string.Equals(input, RejectedPathFor(output), StringComparison.Ordinal))
            throw new InvalidInputException($"the output {output} would overwrite the input; choose another --out.");
        var outputDirectory = Path.GetDirectoryName(output)!;
        if (!Directory.Exists(outputDirectory)) throw new InvalidInputException($"the output folder {outputDirectory} does not exist.");

        var clock = Stopwatch.StartNew();
        var order = options.InputOrder;
        try
        {
            return await AttemptAsync(input, output, order, progress, clock, cancellationToken).ConfigureAwait(false);
        }
        catch (RunNotGroupedException)
        {
            // Only Auto watches for runs coming back. The streaming attempt is discarded (its temporary files are
            // gone) and the input is re-read with spilling.
            progress?.Report(new BatchProgress(0, 0, clock.Elapsed.TotalSeconds, 0, 0, null));
            return await AttemptAsync(input, output, InputOrder.Unsorted, progress, clock, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Opens the right streaming reader for a file by its extension and header.</summary>
    internal static async Task<IObservationSource> OpenSourceAsync(string path, CancellationToken cancellationToken)
    {
        if (path.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase))
            return await ParquetObservationSource.OpenAsync(path, cancellationToken).ConfigureAwait(false);
        if (path.EndsWith(".csv", StringComparison.OrdinalIgnoreCase))
            return CsvObservationSource.Open(path);
        throw new InvalidInputException($"{path}: unknown input format; use a .parquet curve table or a .csv (long or wide).");
    }

    private async Task<BatchSummary> AttemptAsync(string input, string output, InputOrder order, IProgress<BatchProgress>? progress, Stopwatch clock, CancellationToken cancellationToken)
    {
        var rejectedPath = RejectedPathFor(output);
        using var failure = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var ct = failure.Token;
        IObservationSource? source = null;
        PredictionTableWriter? predictions = null;
        RejectedTableWriter? rejected = null;
        try
        {
            source = await OpenSourceAsync(input, ct).ConfigureAwait(false);
            var spilled = order == InputOrder.Unsorted;
            if (spilled) source = new SpillingObservationSource(source, options.TempDirectory ?? Path.GetDirectoryName(output)!);
            var assembler = new RunAssembler(options, order == InputOrder.Auto ? new RunFilter() : null);
            // Both tables are written to temporary files beside their targets and renamed only when complete.
            predictions = await PredictionTableWriter.CreateAsync(output, options, ct).ConfigureAwait(false);
            rejected = await RejectedTableWriter.CreateAsync(rejectedPath, ct).ConfigureAwait(false);

            // Bounded pipeline: the producer reads and assembles runs and starts predictions (at most
            // MaxConcurrentBatches at once); the channel keeps them in input order, so the output is deterministic.
            var channel = Channel.CreateBounded<Task<PredictionBlock>>(new BoundedChannelOptions(options.MaxConcurrentBatches + 1)
            {
                SingleReader = true,
                SingleWriter = true,
                FullMode = BoundedChannelFullMode.Wait,
            });
            var producer = Task.Run(() => ProduceAsync(source, assembler, channel.Writer, ct), ct);

            long curves = 0, rows = 0, skipped = 0;
            var lastReport = TimeSpan.Zero;
            try
            {
                await foreach (var pending in channel.Reader.ReadAllAsync(ct).ConfigureAwait(false))
                {
                    var block = await pending.ConfigureAwait(false);
                    await predictions.AppendAsync(block, ct).ConfigureAwait(false);
                    await rejected.AppendAsync(block.Rejected, ct).ConfigureAwait(false);
                    curves += block.Curves;
                    rows += block.Rejected.Count;
                    skipped += block.CutoffsSkipped;
                    if (progress is not null && clock.Elapsed - lastReport >= options.ProgressInterval)
                    {
                        lastReport = clock.Elapsed;
                        progress.Report(Progress(curves, rows, block.InputFraction, clock.Elapsed.TotalSeconds));
                    }
                }
            }
            catch
            {
                await failure.CancelAsync().ConfigureAwait(false);
                await Observe(producer).ConfigureAwait(false);
                throw;
            }
            await producer.ConfigureAwait(false);

            await rejected.CompleteAsync(ct).ConfigureAwait(false);
            await predictions.CompleteAsync(ct).ConfigureAwait(false);
            var seconds = clock.Elapsed.TotalSeconds;
            progress?.Report(Progress(curves, rows, 1.0, seconds));
            return new BatchSummary(curves, rows, predictions.Rows, skipped, seconds, output, rejectedPath, spilled) { ValuesClipped = assembler.ValuesClipped };
        }
        finally
        {
            if (predictions is not null) await predictions.DisposeAsync().ConfigureAwait(false);
            if (rejected is not null) await rejected.DisposeAsync().ConfigureAwait(false);
            if (source is not null) await source.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task ProduceAsync(IObservationSource source, RunAssembler assembler, ChannelWriter<Task<PredictionBlock>> writer, CancellationToken ct)
    {
        // The gate bounds the batches in prediction; the channel (capacity MaxConcurrentBatches + 1) bounds the
        // finished ones waiting for the writer. Nothing else holds a batch, so memory does not grow with the input.
        using var gate = new SemaphoreSlim(options.MaxConcurrentBatches);
        try
        {
            var outcomes = new List<RunOutcome>();
            var curves = new List<LearningCurve>();
            var rejectedRuns = new List<BatchRejectedRun>();
            var requests = 0;
            var fraction = 0.0;
            async Task Dispatch()
            {
                var batch = curves.ToArray();
                var batchRejected = rejectedRuns.ToArray();
                var batchFraction = fraction;
                curves.Clear();
                rejectedRuns.Clear();
                requests = 0;
                await gate.WaitAsync(ct).ConfigureAwait(false);
                var task = Task.Run(() =>
                {
                    try
                    {
                        var block = predictor.Predict(batch, ct);
                        block.Rejected.InsertRange(0, batchRejected);
                        block.InputFraction = batchFraction;
                        return block;
                    }
                    finally
                    {
                        gate.Release();
                    }
                }, CancellationToken.None); // never skipped: the slot taken above must be given back

                await writer.WriteAsync(task, ct).ConfigureAwait(false);
            }

            async Task Take()
            {
                foreach (var outcome in outcomes)
                {
                    if (outcome.Curve is { } curve)
                    {
                        curves.Add(curve);
                        requests += options.CutoffFractions?.Count ?? 1;
                    }
                    else
                    {
                        rejectedRuns.Add(outcome.Rejected!);
                    }
                    if (requests >= options.BatchSize || rejectedRuns.Count >= options.BatchSize * 4) await Dispatch().ConfigureAwait(false);
                }
                outcomes.Clear();
            }

            long observationsSinceRelease = 0;
            while (await source.ReadAsync(ct).ConfigureAwait(false) is { } chunk)
            {
                fraction = chunk.InputFraction;
                assembler.Add(chunk, outcomes);
                observationsSinceRelease += chunk.Count;
                await Take().ConfigureAwait(false);
                if (observationsSinceRelease >= BatchExtrapolatorDefaults.ReleaseMemoryEveryObservations)
                {
                    // A decoded row group of a million rows leaves ~100 MB of large buffers behind (Parquet.Net's and
                    // ours); giving them back now keeps the peak near one row group's worth (docs/batch.md).
                    TorchRuntime.ReleaseFreeMemory();
                    observationsSinceRelease = 0;
                }
            }
            assembler.Finish(outcomes);
            fraction = 1.0;
            await Take().ConfigureAwait(false);
            if (curves.Count > 0 || rejectedRuns.Count > 0) await Dispatch().ConfigureAwait(false);
        }
        finally
        {
            writer.TryComplete();
            // Predictions still running must finish before the gate and the writers go away: take every slot back.
            for (var i = 0; i < options.MaxConcurrentBatches; i++)
                await gate.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }

    private static async Task Observe(Task task)
    {
        try
        {
            await task.ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Already reported through the consumer or superseded by the first failure.
        }
    }

    private static BatchProgress Progress(long curves, long rejected, double fraction, double seconds)
    {
        var rate = seconds > 0 ? curves / seconds : 0;
        double? eta = fraction > 0 ? seconds * (1 - fraction) / fraction : null;
        return new BatchProgress(curves, rejected, seconds, rate, Math.Clamp(fraction, 0, 1), eta);
    }
}
