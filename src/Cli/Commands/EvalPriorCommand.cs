using System.CommandLine;
using LcPfn.EarlyStop.Evaluation;
using LcPfn.Prior;
using LcPfn.Prior.Baselines;
using LcPfn.Prior.Prediction;

namespace LcPfn.Cli.Commands;

/// <summary>
/// <c>lcpfn eval prior --model DIR [--curves N] [--seed S]</c>: the evaluation protocol on a fixed, held-out set of
/// noisy prior curves (spec §8 item 5), for the PFN and the baselines.
/// </summary>
internal sealed class EvalPriorCommand : ICliCommand
{
    public string? Group => "eval";

    public Command Create()
    {
        var model = new Option<string?>("--model") { Description = $"Model folder (default: the shipped default model); '{EvaluationModel.None}' evaluates the baselines only." };
        var curves = new Option<int>("--curves") { Description = "Number of prior test curves.", DefaultValueFactory = _ => PriorTestSet.DefaultCount };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the test set (the default is held out from training).", DefaultValueFactory = _ => PriorTestSet.DefaultSeed };
        var prior = new Option<string>("--prior") { Description = $"Prior preset: {string.Join(", ", CurvePriorPresets.Names)}.", DefaultValueFactory = _ => CurvePriorPresets.Default };
        var horizon = new Option<int>("--horizon") { Description = "Curve length in epochs.", DefaultValueFactory = _ => CurvePriorDefaults.Horizon };
        var baseline = new Option<string[]>("--baselines") { Description = $"Baselines to score on the same cutoffs: {string.Join(", ", BaselineCatalog.Names)} or {BaselineCatalog.None} (comma list or repeated; default: {string.Join(", ", BaselineCatalog.DefaultNames)}).", AllowMultipleArgumentsPerToken = true, DefaultValueFactory = _ => [.. BaselineCatalog.DefaultNames] };
        var batch = new Option<int>("--batch") { Description = "Curves per extrapolation call.", DefaultValueFactory = _ => EvaluationOptions.DefaultBatchSize };
        var json = CommonOptions.Json();
        var device = CommonOptions.Device();
        var threads = CommonOptions.Threads();
        var command = new Command("prior", "Accuracy of predictive distributions on held-out prior curves at cutoffs of 10/20/40/80 % of the horizon, with baselines.")
        {
            model, curves, seed, prior, horizon, baseline, batch, json, device, threads,
        };
        command.AddOldName(baseline, "--baseline");
        command.SetAction((parse, ct) =>
        {
            var stdout = parse.InvocationConfiguration.Output;
            var stderr = parse.InvocationConfiguration.Error;
            bool asJson = parse.GetValue(json);
            var human = asJson ? stderr : stdout;
            int count = parse.GetValue(curves);
            if (count < 1) throw new InvalidInputException($"--curves must be at least 1; was {count}.");
            var options = new EvaluationOptions { BatchSize = parse.GetValue(batch), MaxDegreeOfParallelism = parse.GetValue(threads) };
            var baselines = BaselineCatalog.Parse(parse.GetValue(baseline) ?? []);
            string priorName = parse.GetValue(prior) ?? CurvePriorPresets.Default;
            ulong testSeed = parse.GetValue(seed);
            var curvePrior = new CurvePrior(CurvePriorPresets.Get(priorName, parse.GetValue(horizon)));
            // Draws with a noisy value outside [0, 1] (which the PFN refuses) are passed over, so the set has `count` curves.
            var testSet = PriorTestSet.Create((s, first, n, noisy) => curvePrior.Sample(s, first, n, noisy), curvePrior.Horizon, count, testSeed);
            var set = EvaluationSet.Create(testSet.Curves, options);
            EvalCurvesCommand.ReportSkipped(stderr, set);
            human.WriteLine($"{set.Curves.Count} prior curves ('{priorName}', seed {testSeed}, horizon {curvePrior.Horizon}), {testSet.Excluded} draws outside [0, 1] passed over, {set.Skipped.Count} skipped");

            string? modelDir = EvaluationModel.Resolve(parse.GetValue(model));
            ICurveExtrapolator? pfn = Forecasters.OpenModel(parse.GetValue(model), parse.GetValue(device), parse.GetValue(threads))?.Extrapolator;
            try
            {
                var evaluator = new CurveEvaluator(options, new EvaluationProgressWriter(stderr));
                var run = EvaluationRunner.Run(set, pfn, baselines, evaluator, ct);
                EvaluationReport.WriteTable(human, run.All);
                if (asJson)
                {
                    var extra = new Dictionary<string, object?>
                    {
                        ["model"] = modelDir,
                        ["prior"] = priorName,
                        ["seed"] = testSeed,
                        ["horizon"] = curvePrior.Horizon,
                        ["draws_outside_unit_interval"] = testSet.Excluded,
                    };
                    JsonOutput.Write(stdout, EvaluationReport.Build(set, run.Model, run.Baselines, extra));
                }
            }
            finally
            {
                (pfn as IDisposable)?.Dispose();
            }
            return Task.FromResult(CliApp.Ok);
        });
        return command;
    }
}
