using LcPfn.Prior;
using LcPfn.Prior.Prediction;
using LcPfn.Transformer.Checkpoints;
using LcPfn.Transformer.Distributions;
using LcPfn.Transformer.Model;
using LcPfn.Transformer.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace LcPfn.Transformer.Inference;

/// <summary>
/// The PFN as an <see cref="ICurveExtrapolator"/>: managed requests in, one <see cref="BarPrediction"/> per query
/// out. Values are in the model's convention (higher is better, in [0, 1]; wrap it in a
/// <see cref="MetricTransformingExtrapolator"/> for other metrics). Epoch e of a run with horizon H enters as
/// x = e·100/H, so any horizon maps onto the 1..100 training grid. Only the requested query epochs are computed;
/// runs with different numbers of observations share a forward pass (context padding + per-run attention masks).
/// A model trained with the schedule input also reads each request's learning-rate schedule (the multiplier of
/// every context and query epoch; a request without one is "unknown"); other models ignore it.
/// Thread-safe: calls are serialised.
/// </summary>
public sealed class PfnExtrapolator : ICurveExtrapolator, IDisposable
{
    /// <summary>The x grid of the training prior: epoch e of horizon H enters as e·GridHorizon/H.</summary>
    public const double GridHorizon = 100.0;

    private readonly LcPfnModel _model;
    private readonly Device _device;
    private readonly int _maxBatch;
    private readonly long? _maxTensorBytes;
    private readonly ModelThread _thread;
    private bool _disposed;
    private int _disposeStarted;

    /// <summary>Wraps an already built model (taken over: disposed with this object) and its bar distribution.</summary>
    /// <param name="model">The network (fp32); moved to the options' device and put in eval mode.</param>
    /// <param name="distribution">The bucket borders that match the model's logits.</param>
    /// <param name="options">Device, threads and batch size.</param>
    public PfnExtrapolator(LcPfnModel model, BarDistribution distribution, PfnExtrapolatorOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(distribution);
        options ??= new PfnExtrapolatorOptions();
        if (options.MaxBatch is < 1 or > 65536)
            throw new InvalidInputException($"Property MaxBatch: must be in [1, 65536]; was {options.MaxBatch}");
        if (distribution.Buckets != model.Options.Buckets)
            throw new InvalidInputException($"The model has {model.Options.Buckets} buckets but the distribution {distribution.Buckets}.");
        var info = TorchRuntime.Initialize(options.Device, options.Threads);
        _device = TorchRuntime.ToTorch(info.Device);
        _model = model;
        _model.to(_device);
        _model.eval();
        _maxBatch = options.MaxBatch;
        if (options.MaxTensorBytes is < 1)
            throw new InvalidInputException($"Property MaxTensorBytes: must be positive; was {options.MaxTensorBytes}");
        _maxTensorBytes = options.MaxTensorBytes;
        Distribution = distribution;
        Device = info.Device;
        // Jobs that bounded the native heap (batch extrapolation, replay) run the passes on a thread of their own, so
        // that they reuse one malloc arena (decision 0008); elsewhere a call runs on the caller's thread.
        _thread = new ModelThread("lcpfn-model", dedicated: TorchRuntime.HeapTensorBudgetBytes is not null);
    }

    /// <summary>Loads a model folder (model.json + model.dat).</summary>
    /// <exception cref="InvalidInputException">A missing or corrupt model, or weights that do not match model.json.</exception>
    public static PfnExtrapolator Load(string modelDirectory, PfnExtrapolatorOptions? options = null)
    {
        var loaded = ModelCheckpoint.Load(modelDirectory);
        try
        {
            return new PfnExtrapolator(loaded.Model, loaded.Distribution, options) { Manifest = loaded.Manifest };
        }
        catch
        {
            loaded.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public string Name => "lcpfn";

    /// <summary>The bucket borders and their math.</summary>
    public BarDistribution Distribution { get; }

    /// <summary>The device the model runs on.</summary>
    public ComputeDevice Device { get; }

    /// <summary>model.json when loaded from a folder, else null.</summary>
    public ModelManifest? Manifest { get; private init; }

    /// <inheritdoc />
    /// <exception cref="InvalidInputException">A request is invalid; the message names the run and the epoch.</exception>
    public IReadOnlyList<IReadOnlyList<IPredictiveDistribution>> Extrapolate(IReadOnlyList<ExtrapolationRequest> requests, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(requests);
        foreach (var request in requests)
        {
            ArgumentNullException.ThrowIfNull(request);
            // The model's convention: values in [0, 1], at least one observation and one query.
            request.Validate(minimumObservations: 1, requireQueries: true, lower: 0, upper: 1);
        }
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposeStarted) == 1, this);
        var results = new IReadOnlyList<IPredictiveDistribution>[requests.Count];
        return _thread.Invoke(() =>
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            long? budget = _maxTensorBytes ?? TorchRuntime.HeapTensorBudgetBytes;
            // A pass is padded to its longest context and query list: when the requests may need several passes, they
            // go through them sorted by length (stable), so that each pass pads little; the answers keep the call's order.
            int[]? order = requests.Count > _maxBatch || (budget is not null && requests.Count > 1)
                ? [.. Enumerable.Range(0, requests.Count).OrderBy(i => requests[i].Epochs.Count).ThenBy(i => requests[i].QueryEpochs.Count)]
                : null;
            var sorted = order is null ? requests : [.. order.Select(i => requests[i])];
            for (int start = 0, count; start < sorted.Count; start += count)
            {
                cancellationToken.ThrowIfCancellationRequested();
                count = ChunkLength(sorted, start, budget);
                var chunk = PredictChunk(sorted, start, count);
                for (int i = 0; i < count; i++) results[order?[start + i] ?? start + i] = chunk[i];
            }
            return results;
        });
    }

    /// <summary>
    /// How many requests from <paramref name="start"/> share a forward pass: at most the options' batch, and, with a
    /// <paramref name="budgetBytes"/>, no more than keep the pass's largest tensor within it (at least one request).
    /// </summary>
    private int ChunkLength(IReadOnlyList<ExtrapolationRequest> requests, int start, long? budgetBytes)
    {
        int limit = Math.Min(_maxBatch, requests.Count - start);
        if (budgetBytes is not { } budget) return limit;
        int contextSlots = 0, querySlots = 0, count = 0;
        while (count < limit)
        {
            var r = requests[start + count];
            int n = Math.Max(contextSlots, r.Epochs.Count), m = Math.Max(querySlots, r.QueryEpochs.Count);
            if (count > 0 && LargestTensorBytes(n + m, m, count + 1) > budget) break;
            (contextSlots, querySlots) = (n, m);
            count++;
        }
        return count;
    }

    /// <summary>
    /// The largest fp32 tensor of a forward pass over <paramref name="batch"/> runs of <paramref name="tokens"/> tokens,
    /// <paramref name="queries"/> of them queries: the feed-forward hidden layer, the packed q/k/v projection, the
    /// attention weights or the logits.
    /// </summary>
    private long LargestTensorBytes(long tokens, long queries, long batch)
    {
        var o = _model.Options;
        long perRun = Math.Max(Math.Max(tokens * o.FeedForwardSize, tokens * 3L * o.EmbeddingSize),
            Math.Max(o.Heads * tokens * tokens, queries * o.Buckets));
        return perRun * batch * sizeof(float);
    }

    /// <summary>One forward pass over requests[start .. start+count).</summary>
    private BarPrediction[][] PredictChunk(IReadOnlyList<ExtrapolationRequest> requests, int start, int count)
    {
        int contextSlots = 0, querySlots = 0;
        for (int i = 0; i < count; i++)
        {
            contextSlots = Math.Max(contextSlots, requests[start + i].Epochs.Count);
            querySlots = Math.Max(querySlots, requests[start + i].QueryEpochs.Count);
        }
        int s = contextSlots + querySlots, b = count, k = Distribution.Buckets;
        var x = new float[s * b];                                                        // (S, B), padding x = 0
        var y = new float[contextSlots * b];                                             // (N, B), padding y = 0.5
        Array.Fill(y, 0.5f);
        var m = _model.Options.ScheduleInput ? new float[s * b] : null;                 // (S, B), NaN = unknown
        if (m is not null) Array.Fill(m, float.NaN);
        var contextLengths = new long[b];
        bool uniform = true;
        for (int c = 0; c < b; c++)
        {
            var r = requests[start + c];
            double scale = GridHorizon / r.Horizon;
            var schedule = m is null ? null : r.Schedule;
            for (int t = 0; t < r.Epochs.Count; t++)
            {
                x[t * b + c] = (float)(r.Epochs[t] * scale);
                y[t * b + c] = (float)r.Values[t];
                if (schedule is not null) m![t * b + c] = (float)schedule.MultiplierOfEpoch(r.Epochs[t], r.Horizon);
            }
            for (int q = 0; q < r.QueryEpochs.Count; q++)
            {
                x[(contextSlots + q) * b + c] = (float)(r.QueryEpochs[q] * scale);
                if (schedule is not null) m![(contextSlots + q) * b + c] = (float)schedule.MultiplierOfEpoch(r.QueryEpochs[q], r.Horizon);
            }
            contextLengths[c] = r.Epochs.Count;
            uniform &= r.Epochs.Count == contextSlots;
        }

        float[] logits;
        using (var scope = NewDisposeScope())
        using (inference_mode())
        {
            var xs = tensor(x, [s, b]).to(_device);                                      // (S, B)
            var ys = tensor(y, [contextSlots, b]).to(_device);                           // (N, B)
            var mask = uniform
                ? PfnAttentionMask.Create(s, contextSlots, _device)                      // (S, S)
                : PfnAttentionMask.CreatePadded(s, contextLengths, _device);             // (B, 1, S, S)
            var ms = m is null ? null : tensor(m, [s, b]).to(_device);                  // (S, B)
            logits = _model.Forward(xs, ys, ms, mask).to(ScalarType.Float32).cpu().data<float>().ToArray(); // (M, B, K)
        }

        var output = new BarPrediction[b][];
        for (int c = 0; c < b; c++)
        {
            var r = requests[start + c];
            output[c] = new BarPrediction[r.QueryEpochs.Count];
            for (int q = 0; q < r.QueryEpochs.Count; q++)
                output[c][q] = new BarPrediction(Distribution, BarDistribution.Softmax(logits.AsSpan((q * b + c) * k, k)));
        }
        return output;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposeStarted, 1) == 1) return;
        _thread.Invoke(() =>
        {
            _disposed = true;
            _model.Dispose();
            return 0;
        });
        _thread.Dispose();
    }

    /// <summary>Tensors alive on the model's thread (TorchSharp counts per thread): for leak tests.</summary>
    internal long LiveTensorsOnModelThread() => _thread.Invoke(() => DisposeScopeManager.Statistics.ThreadTotalLiveCount);
}
