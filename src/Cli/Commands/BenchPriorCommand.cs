using System.CommandLine;
using System.Diagnostics;
using LcPfn.Prior;
using LcPfn.Prior.Diagnostics;

namespace LcPfn.Cli.Commands;

/// <summary>
/// <c>lcpfn bench prior</c>: prior sampling throughput (noisy curves, as training consumes them), nothing written.
/// Workers take chunks of curve indexes from a shared counter and sample them into their own buffer.
/// </summary>
internal sealed class BenchPriorCommand : ICliCommand
{
    private const int ChunkCurves = 1024;

    public string? Group => "bench";

    public Command Create()
    {
        var json = CommonOptions.Json();
        var threads = CommonOptions.Threads();
        var seconds = new Option<double>("--seconds") { Description = "How long to measure, in seconds (after a short warm-up).", DefaultValueFactory = _ => 5.0 };
        var horizon = new Option<int>("--horizon") { Description = "Curve length T (epochs 1..T).", DefaultValueFactory = _ => CurvePriorDefaults.Horizon };
        var prior = new Option<string>("--prior") { Description = $"Prior preset: {string.Join(", ", CurvePriorPresets.Names)}.", DefaultValueFactory = _ => CurvePriorPresets.Default };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the sampled curves.", DefaultValueFactory = _ => 1UL };
        var profile = new Option<bool>("--profile") { Description = "Also time the sampling stages (parameters, endpoint screen, grid, noise) on one thread." };
        var command = new Command("prior", "Measure prior sampling throughput (curves per second); nothing is written.") { json, threads, seconds, horizon, prior, seed, profile };
        command.SetAction((parse, ct) =>
        {
            double duration = parse.GetValue(seconds);
            if (!(duration > 0) || duration > 3600) throw new InvalidInputException($"--seconds must be in (0, 3600]; was {duration}.");
            var curvePrior = new CurvePrior(CurvePriorPresets.Get(parse.GetValue(prior)!, parse.GetValue(horizon)));
            int workers = parse.GetValue(threads) is 0 ? Environment.ProcessorCount : parse.GetValue(threads);
            bool asJson = parse.GetValue(json);
            var human = asJson ? parse.InvocationConfiguration.Error : parse.InvocationConfiguration.Output;

            Run(curvePrior, workers, parse.GetValue(seed), TimeSpan.FromSeconds(Math.Min(0.5, duration)), ct); // warm-up (JIT, tiering)
            using var process = System.Diagnostics.Process.GetCurrentProcess();
            var cpuStart = process.TotalProcessorTime;
            var (curves, draws, elapsed) = Run(curvePrior, workers, parse.GetValue(seed), TimeSpan.FromSeconds(duration), ct);
            process.Refresh();
            double cpuSeconds = (process.TotalProcessorTime - cpuStart).TotalSeconds;
            PriorSamplingProfile? stages = parse.GetValue(profile) ? PriorSamplingProfiler.Measure(curvePrior, parse.GetValue(seed), 200_000) : null;
            var result = new
            {
                CurvesPerSecond = Math.Round(curves / elapsed),
                Threads = workers,
                Horizon = curvePrior.Horizon,
                Curves = curves,
                Seconds = Math.Round(elapsed, 3),
                AcceptanceRate = Math.Round((double)curves / draws, 4),
                CpuSeconds = Math.Round(cpuSeconds, 3),
                CurvesPerCpuSecond = Math.Round(curves / cpuSeconds),
                LoadAverage = LoadAverage(),
                Prior = parse.GetValue(prior),
                Profile = stages is null ? null : new
                {
                    stages.DrawsPerCurve,
                    stages.GridEvaluationsPerCurve,
                    ParameterNs = Math.Round(stages.ParameterNs, 1),
                    ScreenNs = Math.Round(stages.ScreenNs, 1),
                    GridNs = Math.Round(stages.GridNs, 1),
                    NoiseNs = Math.Round(stages.NoiseNs, 1),
                    TotalNs = Math.Round(stages.TotalNs, 1),
                },
            };
            human.WriteLine($"prior '{result.Prior}', T = {result.Horizon}, {workers} threads: {result.CurvesPerSecond:N0} curves/s "
                + $"({curves:N0} curves in {elapsed:F2} s, acceptance {result.AcceptanceRate:P1}); "
                + $"{result.CurvesPerCpuSecond:N0} curves per CPU-second ({cpuSeconds:F2} CPU-s), load average {result.LoadAverage}");
            if (stages is not null)
            {
                human.WriteLine($"one thread, ns per accepted curve: parameters {stages.ParameterNs:F0} ({stages.DrawsPerCurve:F2} draws), "
                    + $"endpoint screen {stages.ScreenNs:F0}, grid {stages.GridNs:F0} ({stages.GridEvaluationsPerCurve:F2} evaluations), "
                    + $"noise {stages.NoiseNs:F0}; total {stages.TotalNs:F0} ({stages.CurvesPerSecond:N0} curves/s)");
            }
            if (asJson) JsonOutput.Write(parse.InvocationConfiguration.Output, result);
            return Task.FromResult(CliApp.Ok);
        });
        return command;
    }

    /// <summary>The 1-minute load average (Linux), to tell a busy machine from a slow sampler; null elsewhere.</summary>
    private static double? LoadAverage()
    {
        try
        {
            string text = File.ReadAllText("/proc/loadavg");
            return double.Parse(text.Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException)
        {
            return null;
        }
    }

    private static (long Curves, long Draws, double Seconds) Run(CurvePrior prior, int workers, ulong seed, TimeSpan duration, CancellationToken ct)
    {
        long nextChunk = -1, curves = 0, draws = 0;
        var clock = Stopwatch.StartNew();
        var threads = Enumerable.Range(0, workers).Select(_ => new Thread(() =>
        {
            var buffer = new float[ChunkCurves * prior.Horizon];
            long localCurves = 0, localDraws = 0;
            while (clock.Elapsed < duration && !ct.IsCancellationRequested)
            {
                long chunk = Interlocked.Increment(ref nextChunk);
                localDraws += prior.Sample(seed, chunk * ChunkCurves, ChunkCurves, buffer);
                localCurves += ChunkCurves;
            }
            Interlocked.Add(ref curves, localCurves);
            Interlocked.Add(ref draws, localDraws);
        }) { IsBackground = true }).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        return (curves, draws, clock.Elapsed.TotalSeconds);
    }
}
