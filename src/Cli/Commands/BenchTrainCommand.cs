using System.CommandLine;
using LcPfn.Prior;
using LcPfn.Transformer.Model;
using LcPfn.Transformer.Training;

namespace LcPfn.Cli.Commands;

/// <summary><c>lcpfn bench train</c>: training throughput of one preset; nothing is saved.</summary>
internal sealed class BenchTrainCommand : ICliCommand
{
    public string? Group => "bench";

    public Command Create()
    {
        var preset = new Option<string>("--preset") { Description = $"Model size: {string.Join(", ", ModelOptions.PresetNames)}.", DefaultValueFactory = _ => "small" };
        var steps = new Option<int>("--steps") { Description = "Timed steps (after 3 warm-up steps).", DefaultValueFactory = _ => 20 };
        var batch = new Option<int>("--batch") { Description = "Curves per step.", DefaultValueFactory = _ => TrainingOptions.DefaultBatchSize };
        var samplerThreads = new Option<int>("--sampler-threads") { Description = "Threads sampling prior batches (0 = all cores).", DefaultValueFactory = _ => 0 };
        var precision = CommonOptions.Precision();
        var prior = new Option<string>("--prior") { Description = $"Prior: {string.Join(", ", TrainingPriorCatalog.Names)}.", DefaultValueFactory = _ => CurvePriorPresets.Default };
        var queryPositions = new Option<int?>("--query-positions") { Description = "Loss on a random subset of at most this many query positions per step; default all." };
        var json = CommonOptions.Json();
        var device = CommonOptions.Device();
        var threads = CommonOptions.Threads();
        var command = new Command("train", "Training throughput (curves/s, ms per step) of one preset on prior batches; nothing is saved.")
        {
            preset, steps, batch, samplerThreads, precision, prior, queryPositions, json, device, threads,
        };
        command.SetAction((parse, _) =>
        {
            string presetName = parse.GetValue(preset)!;
            int timed = parse.GetValue(steps);
            if (timed < 1) throw new InvalidInputException($"--steps must be at least 1; was {timed}.");
            var options = new TrainingOptions
            {
                Model = ModelOptions.FromPreset(presetName) with { ScheduleInput = TrainingPriorCatalog.HasSchedules(parse.GetValue(prior)!) },
                QueryPositions = parse.GetValue(queryPositions),
                Preset = presetName,
                BatchSize = parse.GetValue(batch),
                Curves = (timed + 3L) * parse.GetValue(batch),
                Device = parse.GetValue(device),
                Threads = parse.GetValue(threads),
                SamplerThreads = parse.GetValue(samplerThreads),
                MixedPrecision = CommonOptions.ParsePrecision(parse.GetValue(precision)),
                BorderCurves = 1000,
                ValidationBatches = 0,
            };
            var bench = new Trainer(options, TrainingPriorCatalog.Create(parse.GetValue(prior)!)).Benchmark(timed);
            var result = new
            {
                CurvesPerSecond = Math.Round(bench.CurvesPerSecond, 1),
                MsPerStep = Math.Round(bench.MillisecondsPerStep, 2),
                Device = bench.Device,
                Preset = presetName,
                BatchSize = options.BatchSize,
                Steps = timed,
                DataWaitFraction = Math.Round(bench.DataWaitFraction, 3),
                Threads = LcPfn.Transformer.Runtime.TorchRuntime.Current?.Threads,
                QueryPositions = options.QueryPositions,
                PhasesMs = new
                {
                    Inputs = Math.Round(bench.Phases.Inputs, 2),
                    Encoder = Math.Round(bench.Phases.Encoder, 2),
                    Decoder = Math.Round(bench.Phases.Decoder, 2),
                    Loss = Math.Round(bench.Phases.Loss, 2),
                    Backward = Math.Round(bench.Phases.Backward, 2),
                    Optimizer = Math.Round(bench.Phases.Optimizer, 2),
                },
            };
            var stdout = parse.InvocationConfiguration.Output;
            if (parse.GetValue(json))
                JsonOutput.Write(stdout, result);
            else
            {
                stdout.WriteLine($"{presetName}: {result.CurvesPerSecond:F0} curves/s, {result.MsPerStep:F1} ms/step (batch {result.BatchSize}, {result.Device}, data wait {100 * result.DataWaitFraction:F0}%)");
                var p = bench.Phases;
                string Share(double ms) => $"{ms:F1} ms ({100 * ms / Math.Max(p.Total, 1e-9):F0}%)";
                stdout.WriteLine($"  per step: inputs {Share(p.Inputs)}, encoder {Share(p.Encoder)}, decoder {Share(p.Decoder)}, loss {Share(p.Loss)}, backward {Share(p.Backward)}, optimizer {Share(p.Optimizer)}");
            }
            return Task.FromResult(CliApp.Ok);
        });
        return command;
    }
}
