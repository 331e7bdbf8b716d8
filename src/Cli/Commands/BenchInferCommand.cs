using System.CommandLine;
using System.Diagnostics;
using LcPfn.Prior;
using LcPfn.Prior.Prediction;
using LcPfn.Transformer.Distributions;
using LcPfn.Transformer.Inference;
using LcPfn.Transformer.Model;

namespace LcPfn.Cli.Commands;

/// <summary><c>lcpfn bench infer</c>: latency of one stop decision and batch throughput.</summary>
internal sealed class BenchInferCommand : ICliCommand
{
    public string? Group => "bench";

    public Command Create()
    {
        var model = new Option<string?>("--model") { Description = "Model folder (default: data/models/default unless --preset is given)." };
        var preset = new Option<string?>("--preset") { Description = "Time a randomly initialised model of this preset instead of a model folder." };
        var iterations = new Option<int>("--iterations") { Description = "Timed single decisions.", DefaultValueFactory = _ => 200 };
        var batch = new Option<int>("--batch") { Description = "Runs per batch for the throughput figure.", DefaultValueFactory = _ => 256 };
        var horizon = new Option<int>("--horizon") { Description = "Horizon; the single decision observes horizon/2 epochs and queries the horizon.", DefaultValueFactory = _ => 100 };
        var json = CommonOptions.Json();
        var device = CommonOptions.Device();
        var threads = CommonOptions.Threads();
        var command = new Command("infer", "Latency of one early-stop decision (one run, cutoff at half the horizon, one query) and batch throughput.")
        {
            model, preset, iterations, batch, horizon, json, device, threads,
        };
        command.SetAction((parse, ct) =>
        {
            int n = parse.GetValue(iterations), b = parse.GetValue(batch), h = parse.GetValue(horizon);
            if (n < 1 || b < 1 || h < 2) throw new InvalidInputException("--iterations and --batch must be at least 1 and --horizon at least 2.");
            var options = new PfnExtrapolatorOptions { Device = parse.GetValue(device), Threads = parse.GetValue(threads), MaxBatch = b };
            string? presetName = parse.GetValue(preset);
            using var pfn = presetName is not null
                ? new PfnExtrapolator(ModelOptions.FromPreset(presetName).CreateModel(), new BarDistribution([.. Enumerable.Range(0, 1001).Select(i => -0.5 + 2.0 * i / 1000)]), options)
                : PfnExtrapolator.Load(parse.GetValue(model) ?? ModelLocator.DefaultModelDirectory, options);

            var random = new Random(1);
            ExtrapolationRequest Request(string id, int observed) =>
                new(id, [.. Enumerable.Range(1, observed)], [.. Enumerable.Range(1, observed).Select(e => 0.5 + 0.4 * e / (e + 10.0) + 0.01 * random.NextDouble())], h, [h]);

            var single = new[] { Request("single", h / 2) };
            for (int i = 0; i < 10; i++) pfn.Extrapolate(single, ct)[0][0].ProbabilityAbove(0.8);
            var times = new double[n];
            var cpuStart = Process.GetCurrentProcess().TotalProcessorTime;
            for (int i = 0; i < n; i++)
            {
                long start = Stopwatch.GetTimestamp();
                pfn.Extrapolate(single, ct)[0][0].ProbabilityAbove(0.8);
                times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            }
            double cpuMs = (Process.GetCurrentProcess().TotalProcessorTime - cpuStart).TotalMilliseconds / n;
            Array.Sort(times);

            var many = Enumerable.Range(0, b).Select(i => Request($"r{i}", random.Next(1, h))).ToArray();
            pfn.Extrapolate(many, ct);
            int rounds = 3;
            long batchStart = Stopwatch.GetTimestamp();
            for (int i = 0; i < rounds; i++)
            {
                foreach (var p in pfn.Extrapolate(many, ct)) _ = p[0].ProbabilityAbove(0.8);
            }
            double batchSeconds = Stopwatch.GetElapsedTime(batchStart).TotalSeconds;

            var result = new
            {
                SingleP50Ms = Math.Round(times[n / 2], 3),
                SingleP99Ms = Math.Round(times[Math.Min(n - 1, (int)Math.Ceiling(0.99 * n) - 1)], 3),
                SingleCpuMs = Math.Round(cpuMs, 3),
                BatchCurvesPerSecond = Math.Round(rounds * b / batchSeconds, 1),
                Device = pfn.Device.ToString().ToLowerInvariant(),
                Threads = LcPfn.Transformer.Runtime.TorchRuntime.Current?.Threads,
                Preset = presetName ?? pfn.Manifest?.Preset,
                BatchSize = b,
                Horizon = h,
            };
            var stdout = parse.InvocationConfiguration.Output;
            if (parse.GetValue(json))
                JsonOutput.Write(stdout, result);
            else
                stdout.WriteLine($"single decision p50 {result.SingleP50Ms:F2} ms, p99 {result.SingleP99Ms:F2} ms, CPU {result.SingleCpuMs:F2} ms (all threads); batch of {b}: {result.BatchCurvesPerSecond:F0} curves/s ({result.Device}, {result.Threads} threads)");
            return Task.FromResult(CliApp.Ok);
        });
        return command;
    }
}
