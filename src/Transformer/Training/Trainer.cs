using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using LcPfn.Prior;
using LcPfn.Transformer.Checkpoints;
using LcPfn.Transformer.Distributions;
using LcPfn.Transformer.Model;
using LcPfn.Transformer.Runtime;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LcPfn.Transformer.Training;

/// <summary>
/// Trains an LC-PFN on prior batches (spec §4 with a per-step schedule): AdamW (weight decay 0), warm-up + cosine,
/// gradient clipping, one cutoff per batch, dropout as configured. Prior batches come from CPU threads through a
/// bounded queue (<see cref="BatchPipeline"/>); on CUDA the step runs in bf16 with fp32 master weights
/// (<see cref="MixedPrecisionShadow"/>). Every <see cref="TrainingOptions.CheckpointEvery"/> steps it evaluates the
/// fixed held-out set and writes an atomic checkpoint; <c>resume</c> continues exactly (weights, optimiser state,
/// step, schedule; batch i and the dropout of step i depend only on (seed, i)).
/// </summary>
/// <remarks>
/// Output folder: <c>model.json</c> + <c>model.dat</c> (the model, loadable by inference) and <c>training/</c>
/// (<c>weights.dat</c> fp32, <c>optimizer.dat</c>, <c>state.json</c>) for resume; a checkpoint replaces
/// <c>training/</c> by renaming a complete temporary folder. Layout and recipe: docs/training.md.
/// </remarks>
public sealed class Trainer
{
    /// <summary>Subfolder holding the resume state.</summary>
    public const string ResumeFolderName = "training";

    private static readonly TimeSpan ReportInterval = TimeSpan.FromSeconds(2);
    private readonly TrainingOptions _options;
    private readonly ITrainingPrior _prior;
    private readonly Action<TrainingProgress>? _progress;
    private readonly TimeProvider _time;

    /// <summary>Creates a trainer; validates the options.</summary>
    /// <param name="options">The recipe.</param>
    /// <param name="prior">Source of batches and border samples.</param>
    /// <param name="progress">Receives progress reports (about every 2 s), or null.</param>
    /// <param name="timeProvider">Clock for reports and timing; null = system clock.</param>
    public Trainer(TrainingOptions options, ITrainingPrior prior, Action<TrainingProgress>? progress = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(prior);
        options.Validate();
        if (prior.SequenceLength < 2)
            throw new InvalidInputException($"The prior's sequence length must be at least 2; was {prior.SequenceLength}.");
        _options = options;
        _prior = prior;
        _progress = progress;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>
    /// Stops (after writing a checkpoint) once this many steps are done in total; null = train to the end. For
    /// time-boxed sessions and tests.
    /// </summary>
    public long? StopAfterStep { get; init; }

    /// <summary>Stops (after writing a checkpoint) once this session has run this many seconds; null = no limit.</summary>
    public double? MaxSeconds { get; init; }

    /// <summary>Store the final top-level model.dat in half precision (the resume state stays fp32).</summary>
    public bool ShipHalfPrecision { get; init; }

    /// <summary>Trains into <paramref name="outputDirectory"/>, or continues the run there when <paramref name="resume"/>.</summary>
    /// <exception cref="InvalidInputException">The folder holds another run (without resume), or its recipe or prior differs (with resume).</exception>
    public TrainingResult Run(string outputDirectory, bool resume, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(outputDirectory);
        var info = TorchRuntime.Initialize(_options.Device, _options.Threads);
        var device = TorchRuntime.ToTorch(info.Device);
        bool mixed = _options.UsesMixedPrecision(info.Device);
        string deviceName = $"{info.Device.ToString().ToLowerInvariant()} {(mixed ? "bf16" : "fp32")}";
        string recipe = JsonSerializer.Serialize(_options, ModelCheckpoint.JsonOptions);
        string resumeDir = Path.Combine(outputDirectory, ResumeFolderName);
        RecoverInterruptedSwap(outputDirectory);
        SessionSecondsSaved = 0;

        TrainingState state;
        double[] borders;
        LcPfnModel model;
        if (File.Exists(Path.Combine(resumeDir, "state.json")))
        {
            if (!resume)
                throw new InvalidInputException($"{outputDirectory} already holds a training run; pass --resume to continue it or choose another --out.");
            (state, borders, model) = LoadResumeState(outputDirectory, recipe);
        }
        else if (_options.InitialModel is { } initial)
        {
            (borders, model, long initialCurves) = LoadInitialModel(initial);
            state = new TrainingState { Recipe = recipe, InitialCurvesSeen = initialCurves, CurvesSeen = initialCurves };
        }
        else
        {
            state = new TrainingState { Recipe = recipe };
            borders = BucketBorders.FromSamples(_prior.SampleValues(_options.Seed + 2, _options.BorderCurves), _options.Model.Buckets);
            model = _options.Model.CreateModel(unchecked((long)_options.Seed));
        }

        var distribution = new BarDistribution(borders);
        using var disposeModel = model;
        model.to(device);
        using var optimizer = new AdamW(model.parameters(), _options.LearningRate, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0);
        if (state.Step > 0) optimizer.load_state_dict(Path.Combine(resumeDir, "optimizer.dat"));
        using var shadow = mixed ? new MixedPrecisionShadow(model, device) : null;
        var validation = Enumerable.Range(0, _options.ValidationBatches)
            .Select(i => _prior.SampleBatch(_options.Seed + 1, i, _options.BatchSize)).ToArray();

        long total = _options.TotalSteps;
        long end = Math.Min(total, StopAfterStep ?? total);
        var recent = new Queue<double>(state.RecentLosses);
        var session = Stopwatch.StartNew();
        long startStep = state.Step, step = state.Step;
        double? heldOut = state.HeldOutNll;
        int parallelism = _options.SamplerThreads == 0 ? Environment.ProcessorCount : _options.SamplerThreads;
        using var pipeline = new BatchPipeline(i => _prior.SampleBatch(_options.Seed, i, _options.BatchSize), step, end, parallelism);
        {
            var lastReport = _time.GetTimestamp();
            long reportStep = step;
            double reportLoss = 0, waitSeconds = 0;
            while (step < end && !cancellationToken.IsCancellationRequested && !(MaxSeconds is { } max && session.Elapsed.TotalSeconds >= max))
            {
                long waitStart = Stopwatch.GetTimestamp();
                var batch = pipeline.Next();
                waitSeconds += Stopwatch.GetElapsedTime(waitStart).TotalSeconds;
                double lr = _options.LearningRate * LearningRateSchedule.Factor(step, total, _options.WarmupSteps);
                double loss = TrainStep(model, shadow, optimizer, distribution, batch, step, lr, device);
                step++;
                reportLoss += loss;
                recent.Enqueue(loss);
                while (recent.Count > 100) recent.Dequeue();

                bool checkpoint = step % _options.CheckpointEvery == 0 || step == end;
                if (checkpoint && validation.Length > 0) heldOut = Evaluate(model, distribution, validation, device);
                var elapsed = _time.GetElapsedTime(lastReport);
                if (_progress is not null && (elapsed >= ReportInterval || checkpoint))
                {
                    double seconds = Math.Max(elapsed.TotalSeconds, 1e-9);
                    double stepsPerSecond = (step - startStep) / Math.Max(session.Elapsed.TotalSeconds, 1e-9);
                    _progress(new TrainingProgress(step, total, reportLoss / (step - reportStep), lr,
                        (step - reportStep) * _options.BatchSize / seconds, (total - step) / Math.Max(stepsPerSecond, 1e-9),
                        checkpoint ? heldOut : null, Math.Min(1, waitSeconds / seconds)));
                    lastReport = _time.GetTimestamp();
                    reportStep = step;
                    reportLoss = 0;
                    waitSeconds = 0;
                }
                if (checkpoint)
                {
                    state = state with
                    {
                        Step = step,
                        CurvesSeen = state.InitialCurvesSeen + step * _options.BatchSize,
                        Seconds = state.Seconds + session.Elapsed.TotalSeconds - SessionSecondsSaved,
                        RecentLosses = [.. recent],
                        HeldOutNll = heldOut,
                    };
                    SessionSecondsSaved = session.Elapsed.TotalSeconds;
                    SaveCheckpoint(outputDirectory, model, optimizer, borders, state, deviceName, final: false);
                }
            }
            if (step != state.Step)
            {
                if (validation.Length > 0) heldOut = Evaluate(model, distribution, validation, device);
                state = state with
                {
                    Step = step,
                    CurvesSeen = state.InitialCurvesSeen + step * _options.BatchSize,
                    Seconds = state.Seconds + session.Elapsed.TotalSeconds - SessionSecondsSaved,
                    RecentLosses = [.. recent],
                    HeldOutNll = heldOut,
                };
                SessionSecondsSaved = session.Elapsed.TotalSeconds;
            }
            SaveCheckpoint(outputDirectory, model, optimizer, borders, state, deviceName, final: step >= total);
        }
        double sessionSeconds = session.Elapsed.TotalSeconds;
        return new TrainingResult(step, step * _options.BatchSize, sessionSeconds,
            (step - startStep) * _options.BatchSize / Math.Max(sessionSeconds, 1e-9),
            recent.Count > 0 ? recent.Average() : double.NaN, heldOut, deviceName);
    }

    /// <summary>
    /// Measures training throughput without writing anything: <paramref name="warmupSteps"/> untimed steps, then
    /// <paramref name="steps"/> timed steps (prior sampling overlapped as in training). Borders come from
    /// <see cref="TrainingOptions.BorderCurves"/> prior curves.
    /// </summary>
    /// <returns>Milliseconds per step, curves per second, the device and the share of time spent waiting for data.</returns>
    public TrainingBenchmark Benchmark(int steps, int warmupSteps = 3)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(warmupSteps);
        var info = TorchRuntime.Initialize(_options.Device, _options.Threads);
        var device = TorchRuntime.ToTorch(info.Device);
        bool mixed = _options.UsesMixedPrecision(info.Device);
        var distribution = new BarDistribution(BucketBorders.FromSamples(_prior.SampleValues(_options.Seed + 2, _options.BorderCurves), _options.Model.Buckets));
        using var model = _options.Model.CreateModel(unchecked((long)_options.Seed));
        model.to(device);
        using var optimizer = new AdamW(model.parameters(), _options.LearningRate, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0);
        using var shadow = mixed ? new MixedPrecisionShadow(model, device) : null;
        int parallelism = _options.SamplerThreads == 0 ? Environment.ProcessorCount : _options.SamplerThreads;
        using var pipeline = new BatchPipeline(i => _prior.SampleBatch(_options.Seed, i, _options.BatchSize), 0, warmupSteps + steps, parallelism);
        for (int i = 0; i < warmupSteps; i++)
            TrainStep(model, shadow, optimizer, distribution, pipeline.Next(), i, _options.LearningRate, device);
        double wait = 0;
        var phases = StepPhases.Zero;
        var clock = Stopwatch.StartNew();
        for (int i = warmupSteps; i < warmupSteps + steps; i++)
        {
            long waitStart = Stopwatch.GetTimestamp();
            var batch = pipeline.Next();
            wait += Stopwatch.GetElapsedTime(waitStart).TotalSeconds;
            TrainStep(model, shadow, optimizer, distribution, batch, i, _options.LearningRate, device, profile: p => phases += p);
        }
        double seconds = clock.Elapsed.TotalSeconds;
        return new TrainingBenchmark(1000 * seconds / steps, (double)steps * _options.BatchSize / seconds,
            $"{info.Device.ToString().ToLowerInvariant()} {(mixed ? "bf16" : "fp32")}", wait / seconds, phases.Scale(1.0 / steps));
    }

    private double SessionSecondsSaved { get; set; }

    /// <summary>One optimiser step; returns the batch's mean NLL.</summary>
    private double TrainStep(LcPfnModel model, MixedPrecisionShadow? shadow, OptimizerHelper optimizer, BarDistribution distribution,
        TrainingBatch batch, long step, double lr, Device device, Action<StepPhases>? profile = null)
    {
        using var scope = NewDisposeScope();
        random.manual_seed(unchecked((long)_options.Seed * 1_000_003 + step));          // dropout of step i depends on (seed, i) only
        var compute = shadow?.Compute ?? model;
        var dtype = shadow is null ? ScalarType.Float32 : ScalarType.BFloat16;
        long t0 = Stopwatch.GetTimestamp();
        shadow?.PullWeights();
        compute.train();
        var (x, yContext, multipliers, target, mask) = ToTensors(SubsampleQueries(batch, step), device, dtype);
        long t1 = Stopwatch.GetTimestamp();
        Tensor logits;                                                                   // (M, B, K)
        long t2;
        if (profile is null)
        {
            logits = compute.Forward(x, yContext, multipliers, mask);
            t2 = Stopwatch.GetTimestamp();
        }
        else
        {
            var hidden = compute.Encode(x, yContext, multipliers, mask);                // (M, B, E)
            t2 = Stopwatch.GetTimestamp();
            logits = compute.Decode(hidden);
        }
        long t3 = Stopwatch.GetTimestamp();
        var loss = distribution.Nll(logits, target).mean();                            // fp32
        float value = profile is null ? 0 : loss.item<float>();                          // forces the loss on lazy devices
        long t4 = Stopwatch.GetTimestamp();
        optimizer.zero_grad();
        loss.backward();
        shadow?.PushGradients();
        long t5 = Stopwatch.GetTimestamp();
        nn.utils.clip_grad_norm_(model.parameters(), _options.GradientClip);
        foreach (var group in optimizer.ParamGroups) group.LearningRate = lr;
        optimizer.step();
        long t6 = Stopwatch.GetTimestamp();
        if (profile is not null)
        {
            static double Ms(long from, long to) => Stopwatch.GetElapsedTime(from, to).TotalMilliseconds;
            profile(new StepPhases(Ms(t0, t1), Ms(t1, t2), Ms(t2, t3), Ms(t3, t4), Ms(t4, t5), Ms(t5, t6)));
            return value;
        }
        return loss.item<float>();
    }

    /// <summary>Mean NLL over the validation batches, fp32, eval mode (no dropout).</summary>
    private static double Evaluate(LcPfnModel model, BarDistribution distribution, TrainingBatch[] batches, Device device)
    {
        using var noGrad = no_grad();
        model.eval();
        double sum = 0;
        foreach (var batch in batches)
        {
            using var scope = NewDisposeScope();
            var (x, yContext, multipliers, target, mask) = ToTensors(batch, device, ScalarType.Float32);
            sum += distribution.Nll(model.Forward(x, yContext, multipliers, mask), target).mean().item<float>();
        }
        model.train();
        return sum / batches.Length;
    }

    internal static (Tensor X, Tensor YContext, Tensor? Multipliers, Tensor Target, Tensor Mask) ToTensors(TrainingBatch batch, Device device, ScalarType dtype)
    {
        int s = batch.SequenceLength, b = batch.BatchSize, n = batch.Cutoff;
        var x = tensor(batch.X, [s, b]).to(device);                                     // (S, B)
        var y = tensor(batch.Y, [s, b]).to(device);                                     // (S, B)
        var lr = batch.Multipliers is null ? null : tensor(batch.Multipliers, [s, b]).to(device).to(dtype); // (S, B)
        var mask = PfnAttentionMask.Create(s, n, device).to(dtype);                     // (S, S)
        return (x.to(dtype), y.narrow(0, 0, n).to(dtype), lr, y.narrow(0, n, s - n), mask);
    }

    /// <summary>Mixed into the seed for the query-subset streams.</summary>
    private const ulong QuerySubsetDomain = 0x7175657269657321UL; // "queries!"

    /// <summary>
    /// Keeps the context and a random subset of <see cref="TrainingOptions.QueryPositions"/> query positions (sorted,
    /// drawn from (seed, step)); the batch itself when every position is wanted.
    /// </summary>
    private TrainingBatch SubsampleQueries(TrainingBatch batch, long step)
    {
        int s = batch.SequenceLength, b = batch.BatchSize, n = batch.Cutoff;
        if (_options.QueryPositions is not { } q || s - n <= q) return batch;
        var rng = LcPfn.Prior.Sampling.PriorRandom.Create(LcPfn.Prior.Sampling.PriorRandom.Mix(_options.Seed ^ QuerySubsetDomain), (ulong)step);
        var positions = new int[s - n];
        for (int i = 0; i < positions.Length; i++) positions[i] = n + i;
        for (int i = 0; i < q; i++)
        {
            int j = rng.NextInt(i, positions.Length - 1);
            (positions[i], positions[j]) = (positions[j], positions[i]);
        }
        Array.Sort(positions, 0, q);
        int length = n + q;
        var x = new float[length * b];
        var y = new float[length * b];
        var m = batch.Multipliers is null ? null : new float[length * b];
        void Copy(int from, int to)
        {
            Array.Copy(batch.X, from * b, x, to * b, b);
            Array.Copy(batch.Y, from * b, y, to * b, b);
            if (m is not null) Array.Copy(batch.Multipliers!, from * b, m, to * b, b);
        }
        for (int i = 0; i < n; i++) Copy(i, i);
        for (int i = 0; i < q; i++) Copy(positions[i], n + i);
        return new TrainingBatch(length, b, n, x, y, m);
    }

    private void SaveCheckpoint(string directory, LcPfnModel model, OptimizerHelper optimizer, double[] borders, TrainingState state, string deviceName, bool final)
    {
        Directory.CreateDirectory(directory);
        string target = Path.Combine(directory, ResumeFolderName);
        string temp = target + ".tmp";
        string old = target + ".old";
        if (Directory.Exists(temp)) Directory.Delete(temp, recursive: true);
        Directory.CreateDirectory(temp);
        using (var stream = File.Create(Path.Combine(temp, "weights.dat")))
        using (var writer = new BinaryWriter(stream))
        {
            ModelCheckpoint.SaveWeights(model, writer, ScalarType.Float32);
        }
        optimizer.save_state_dict(Path.Combine(temp, "optimizer.dat"));
        File.WriteAllText(Path.Combine(temp, "state.json"), JsonSerializer.Serialize(state, ModelCheckpoint.JsonOptions));
        if (Directory.Exists(target)) Directory.Move(target, old);
        Directory.Move(temp, target);
        if (Directory.Exists(old)) Directory.Delete(old, recursive: true);

        var manifest = new ModelManifest
        {
            Preset = _options.Preset,
            Model = _options.Model,
            Borders = borders,
            WeightsDtype = final && ShipHalfPrecision ? WeightPrecision.Float16 : WeightPrecision.Float32,
            Prior = _prior.Describe(),
            Training = JsonNode.Parse(state.Recipe),
            Summary = new TrainingSummary
            {
                CurvesSeen = state.CurvesSeen,
                Steps = state.Step,
                TotalSteps = _options.TotalSteps,
                Device = deviceName,
                Seconds = Math.Round(state.Seconds, 1),
                FinalLoss = state.RecentLosses.Length > 0 ? state.RecentLosses.Average() : double.NaN,
                HeldOutNll = state.HeldOutNll,
                UpdatedUtc = _time.GetUtcNow().ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            },
        };
        ModelCheckpoint.Save(directory, model, manifest);
    }

    /// <summary>A crash between the two renames of a checkpoint leaves only training.old: put it back.</summary>
    private static void RecoverInterruptedSwap(string directory)
    {
        string target = Path.Combine(directory, ResumeFolderName);
        string old = target + ".old";
        if (!Directory.Exists(target) && Directory.Exists(old)) Directory.Move(old, target);
    }

    private (double[] Borders, LcPfnModel Model, long CurvesSeen) LoadInitialModel(string directory)
    {
        var loaded = ModelCheckpoint.Load(directory);
        var found = loaded.Manifest.Model with { Dropout = _options.Model.Dropout };
        if (found != _options.Model)
        {
            loaded.Dispose();
            throw new InvalidInputException(
                $"The initial model {directory} has another architecture than the one requested; train with its preset and prior.\n" +
                $"initial:   {JsonSerializer.Serialize(loaded.Manifest.Model, ModelCheckpoint.JsonOptions)}\nrequested: {JsonSerializer.Serialize(_options.Model, ModelCheckpoint.JsonOptions)}");
        }
        return (loaded.Manifest.Borders, loaded.Model, loaded.Manifest.Summary?.CurvesSeen ?? 0);
    }

    private (TrainingState State, double[] Borders, LcPfnModel Model) LoadResumeState(string directory, string recipe)
    {
        string resumeDir = Path.Combine(directory, ResumeFolderName);
        var state = JsonSerializer.Deserialize<TrainingState>(File.ReadAllText(Path.Combine(resumeDir, "state.json")), ModelCheckpoint.JsonOptions)
            ?? throw new InvalidInputException($"{resumeDir}/state.json is empty.");
        if (state.Recipe != recipe)
            throw new InvalidInputException($"--resume: the run in {directory} was started with a different recipe; resume it with the same options.\nstored:    {state.Recipe}\nrequested: {recipe}");
        var manifest = ModelCheckpoint.ReadManifest(directory);
        string storedPrior = manifest.Prior?.ToJsonString() ?? "null", requestedPrior = _prior.Describe()?.ToJsonString() ?? "null";
        if (storedPrior != requestedPrior)
            throw new InvalidInputException($"--resume: the run in {directory} was trained on another prior; resume it with the same --prior and shares.\nstored:    {storedPrior}\nrequested: {requestedPrior}");
        var model = _options.Model.CreateModel();
        using var stream = File.OpenRead(Path.Combine(resumeDir, "weights.dat"));
        using var reader = new BinaryReader(stream);
        ModelCheckpoint.LoadWeights(model, reader, ScalarType.Float32);
        return (state, manifest.Borders, model);
    }
}
