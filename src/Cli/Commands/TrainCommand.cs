using System.CommandLine;
using System.Globalization;
using LcPfn.Prior;
using LcPfn.Prior.Schedules;
using LcPfn.Transformer.Model;
using LcPfn.Transformer.Training;

namespace LcPfn.Cli.Commands;

/// <summary><c>lcpfn train</c>: trains a PFN from the prior with progress, checkpoints and resume.</summary>
internal sealed class TrainCommand : ICliCommand
{
    public string? Group => null;

    public Command Create()
    {
        var output = new Option<string>("--out") { Description = "Model folder to write (model.json, model.dat, training/ for resume).", Required = true };
        var preset = new Option<string>("--preset") { Description = $"Model size: {string.Join(", ", ModelOptions.PresetNames)}.", DefaultValueFactory = _ => "small" };
        var curves = new Option<long>("--curves") { Description = "Prior curves to train on in total (steps = curves / batch).", DefaultValueFactory = _ => TrainingOptions.DefaultCurves };
        var batch = new Option<int>("--batch") { Description = "Curves per step.", DefaultValueFactory = _ => TrainingOptions.DefaultBatchSize };
        var lr = new Option<double>("--lr") { Description = "Peak learning rate (AdamW, warm-up then cosine per step).", DefaultValueFactory = _ => TrainingOptions.DefaultLearningRate };
        var warmup = new Option<double>("--warmup") { Description = "Share of the steps in linear warm-up.", DefaultValueFactory = _ => TrainingOptions.DefaultWarmupFraction };
        var dropout = new Option<double?>("--dropout") { Description = "Dropout (default: the preset's 0.2)." };
        var seed = new Option<ulong>("--seed") { Description = "Seed of initialisation, prior batches and dropout.", DefaultValueFactory = _ => 0UL };
        var resume = new Option<bool>("--resume") { Description = "Continue the run in --out exactly where its last checkpoint left it (same options required)." };
        var checkpointEvery = new Option<int>("--checkpoint-every") { Description = "Steps between checkpoints and held-out evaluations.", DefaultValueFactory = _ => TrainingOptions.DefaultCheckpointEvery };
        var validationBatches = new Option<int>("--validation-batches") { Description = "Batches in the fixed held-out prior set.", DefaultValueFactory = _ => TrainingOptions.DefaultValidationBatches };
        var samplerThreads = new Option<int>("--sampler-threads") { Description = "Threads sampling prior batches (0 = all cores).", DefaultValueFactory = _ => 0 };
        var precision = CommonOptions.Precision();
        var maxSeconds = new Option<double?>("--max-seconds") { Description = "Stop with a checkpoint after this many seconds (resume later)." };
        var half = new Option<bool>("--half") { Description = "Store the final model.dat in half precision (compact shipping; resume state stays fp32)." };
        var prior = new Option<string>("--prior") { Description = $"Prior preset: {string.Join(", ", TrainingPriorCatalog.Names)} ({ScheduleCurvePriorOptions.PresetName}: learning-rate schedules, trains a model with the schedule input).", DefaultValueFactory = _ => CurvePriorPresets.Default };
        var queryPositions = new Option<int?>("--query-positions") { Description = "Loss on a random subset of at most this many query positions per step (unbiased, much faster); default all." };
        var initialModel = new Option<string?>("--init-from") { Description = "Start from this model folder's weights and bucket borders (continued training; same preset and prior)." };
        var lcPfnShare = new Option<double?>("--lc-pfn-share") { Description = $"{ScheduleCurvePriorOptions.PresetName} prior only: share of LC-PFN curves, schedule unknown (default {new ScheduleCurvePriorOptions().LcPfnShare.ToString(CultureInfo.InvariantCulture)})." };
        var hiddenShare = new Option<double?>("--hidden-schedule-share") { Description = $"{ScheduleCurvePriorOptions.PresetName} prior only: share of schedule curves whose schedule the model is not told (default {new ScheduleCurvePriorOptions().HiddenScheduleShare.ToString(CultureInfo.InvariantCulture)})." };
        var json = CommonOptions.Json();
        var device = CommonOptions.Device();
        var threads = CommonOptions.Threads();
        var command = new Command("train", "Train an LC-PFN on prior curves, with progress, atomic checkpoints, held-out NLL and exact --resume.")
        {
            output, preset, curves, batch, lr, warmup, dropout, seed, resume, checkpointEvery, validationBatches, samplerThreads,
            precision, maxSeconds, half, prior, queryPositions, initialModel, lcPfnShare, hiddenShare, json, device, threads,
        };
        command.SetAction((parse, ct) =>
        {
            string presetName = parse.GetValue(preset)!;
            var model = ModelOptions.FromPreset(presetName);
            if (parse.GetValue(dropout) is { } d) model = model with { Dropout = d };
            string priorName = parse.GetValue(prior)!;
            if (TrainingPriorCatalog.HasSchedules(priorName)) model = model with { ScheduleInput = true };
            var options = new TrainingOptions
            {
                Model = model,
                Preset = presetName.ToLowerInvariant(),
                Curves = parse.GetValue(curves),
                BatchSize = parse.GetValue(batch),
                LearningRate = parse.GetValue(lr),
                WarmupFraction = parse.GetValue(warmup),
                Seed = parse.GetValue(seed),
                Device = parse.GetValue(device),
                Threads = parse.GetValue(threads),
                SamplerThreads = parse.GetValue(samplerThreads),
                MixedPrecision = CommonOptions.ParsePrecision(parse.GetValue(precision)),
                CheckpointEvery = parse.GetValue(checkpointEvery),
                ValidationBatches = parse.GetValue(validationBatches),
                QueryPositions = parse.GetValue(queryPositions),
                InitialModel = parse.GetValue(initialModel) is { } init ? Path.GetFullPath(init) : null,
            };
            bool asJson = parse.GetValue(json);
            var stdout = parse.InvocationConfiguration.Output;
            var log = asJson ? parse.InvocationConfiguration.Error : stdout;
            var source = TrainingPriorCatalog.Create(priorName, new ScheduleMixture(parse.GetValue(lcPfnShare), parse.GetValue(hiddenShare)));
            log.WriteLine($"training {options.Preset} ({options.Model.ParameterCount:N0} parameters) on {options.Curves:N0} curves = {options.TotalSteps:N0} steps of {options.BatchSize}, lr {options.LearningRate:G3}, into {parse.GetValue(output)}");
            var trainer = new Trainer(options, source, p => log.WriteLine(FormatProgress(p)))
            {
                MaxSeconds = parse.GetValue(maxSeconds),
                ShipHalfPrecision = parse.GetValue(half),
            };
            var result = trainer.Run(parse.GetValue(output)!, parse.GetValue(resume), ct);
            var summary = new
            {
                Curves = result.CurvesSeen,
                Seconds = Math.Round(result.Seconds, 2),
                CurvesPerSecond = Math.Round(result.CurvesPerSecond, 1),
                FinalLoss = result.FinalLoss,
                HeldOutNll = result.HeldOutNll,
                Steps = result.Steps,
                TotalSteps = options.TotalSteps,
                Device = result.Device,
                Out = Path.GetFullPath(parse.GetValue(output)!),
            };
            if (asJson)
                JsonOutput.Write(stdout, summary);
            else
                stdout.WriteLine($"done: {summary.Steps}/{summary.TotalSteps} steps, {summary.Curves:N0} curves, {summary.Seconds:F0} s, {summary.CurvesPerSecond:F0} curves/s, final loss {summary.FinalLoss:F4}, held-out NLL {summary.HeldOutNll:F4}, {summary.Device}");
            return Task.FromResult(CliApp.Ok);
        });
        command.Subcommands.Add(StatusCommand());
        return command;
    }

    /// <summary><c>lcpfn train status RUN</c>: where a (background) run stands, from its last checkpoint.</summary>
    private static Command StatusCommand()
    {
        var run = new Argument<string>("run") { Description = "The run folder (the --out of lcpfn train)." };
        var initialModel = new Option<string?>("--init-from") { Description = "Start from this model folder's weights and bucket borders (continued training; same preset and prior)." };
        var json = CommonOptions.Json();
        var command = new Command("status", "Where a training run stands (steps, curves, rate, ETA, held-out NLL), read from its last checkpoint; resume it with lcpfn train --resume.") { run, json };
        command.SetAction((parse, _) =>
        {
            var status = TrainingRunStatus.Read(parse.GetValue(run)!);
            var stdout = parse.InvocationConfiguration.Output;
            if (parse.GetValue(json))
            {
                JsonOutput.Write(stdout, new
                {
                    status.Directory, status.Step, status.TotalSteps, status.CurvesSeen, Seconds = Math.Round(status.Seconds, 1),
                    CurvesPerSecond = Math.Round(status.CurvesPerSecond, 1), EtaSeconds = Math.Round(status.EtaSeconds),
                    status.HeldOutNll, status.LastCheckpoint, status.Finished, status.Preset, status.Prior,
                });
                return Task.FromResult(CliApp.Ok);
            }
            var age = DateTimeOffset.UtcNow - status.LastCheckpoint;
            var eta = TimeSpan.FromSeconds(status.EtaSeconds);
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{status.Directory}: {(status.Finished ? "finished" : "in progress")}, step {status.Step}/{status.TotalSteps} ({100.0 * status.Step / Math.Max(1, status.TotalSteps):F1}%), {status.CurvesSeen:N0} curves, {status.Preset} on the {status.Prior} prior"));
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {status.Seconds / 3600:F2} h of training, {status.CurvesPerSecond:F0} curves/s on average, ETA {(int)eta.TotalHours}:{eta.Minutes:D2}:{eta.Seconds:D2} at that rate{(status.HeldOutNll is { } nll ? $", held-out NLL {nll:F4}" : "")}"));
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  last checkpoint {status.LastCheckpoint:u} ({age.TotalMinutes:F0} min ago){(status.Finished ? "" : "; continue with lcpfn train --resume and the same options")}"));
            return Task.FromResult(CliApp.Ok);
        });
        return command;
    }

    private static string FormatProgress(TrainingProgress p)
    {
        var eta = TimeSpan.FromSeconds(Math.Min(p.EtaSeconds, TimeSpan.MaxValue.TotalSeconds / 2));
        string heldOut = p.HeldOutNll is { } nll ? string.Create(CultureInfo.InvariantCulture, $"  held-out NLL {nll:F4}") : "";
        return string.Create(CultureInfo.InvariantCulture,
            $"step {p.Step}/{p.TotalSteps} ({100.0 * p.Step / p.TotalSteps:F1}%)  loss {p.Loss:F4}  lr {p.LearningRate:E2}  {p.CurvesPerSecond:F0} curves/s  data wait {100 * p.DataWaitFraction:F0}%  ETA {(int)eta.TotalHours}:{eta.Minutes:D2}:{eta.Seconds:D2}{heldOut}");
    }
}
