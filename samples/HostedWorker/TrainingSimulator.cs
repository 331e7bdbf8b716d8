using System.Globalization;
using LcPfn.EarlyStop.Hosting;
using Microsoft.Extensions.Hosting;

namespace LcPfn.Samples.HostedWorker;

/// <summary>How many simulated runs, how many epochs each, and how long an epoch "takes".</summary>
internal sealed record SimulationPlan(int Runs, int Horizon, TimeSpan EpochTime);

/// <summary>
/// Simulates a study: after a first run, runs start one after another (a new one every few epochs, as a tuner would launch them); each
/// "trains" by reporting a synthetic validation accuracy after every epoch and stops as soon as the worker says so.
/// When every run has finished or stopped it prints a summary and stops the application.
/// </summary>
internal sealed class TrainingSimulator(IReportSender sender, SimulationPlan plan, IHostApplicationLifetime lifetime) : BackgroundService
{
    private const string Study = "sample-study";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            var random = new Random(5);
            var curves = Enumerable.Range(0, plan.Runs).Select(_ => SyntheticCurve(random, plan.Horizon)).ToList();
            // The first run trains alone (nothing to compare with yet); then the tuner launches a new run every few
            // epochs, so several train at once and report concurrently.
            var runs = new List<Task<(string RunId, int Epochs, double Last, CurveDecision Decision)>> { TrainAsync("run-00", curves[0], stoppingToken) };
            await runs[0];
            for (int i = 1; i < plan.Runs; i++)
            {
                runs.Add(TrainAsync($"run-{i:D2}", curves[i], stoppingToken));
                await Task.Delay(plan.EpochTime * Math.Max(1, plan.Horizon / 10), stoppingToken);
            }
            var results = await Task.WhenAll(runs);
            int used = results.Sum(r => r.Epochs), full = plan.Runs * plan.Horizon;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{results.Count(r => r.Decision.Stop)} of {plan.Runs} runs stopped; {used} of {full} epochs trained ({(double)full / used:0.00}x fewer); "
                + $"best final {results.Where(r => !r.Decision.Stop).Max(r => r.Last):0.000}"));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Console.Error.WriteLine($"simulation failed: {ex.Message}");
            Environment.ExitCode = 1;
        }
        finally
        {
            lifetime.StopApplication();
        }
    }

    private async Task<(string RunId, int Epochs, double Last, CurveDecision Decision)> TrainAsync(string runId, double[] curve, CancellationToken cancellationToken)
    {
        CurveDecision decision = null!;
        int epoch = 0;
        while (epoch < plan.Horizon)
        {
            await Task.Delay(plan.EpochTime, cancellationToken);                  // one epoch of "training"
            epoch++;
            decision = await sender.SendAsync(new CurveReport(Study, runId, epoch, curve[epoch - 1], plan.Horizon), cancellationToken);
            if (decision.Stop)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{runId} stopped at epoch {epoch,3} of {plan.Horizon} (accuracy {curve[epoch - 1]:0.000}): {decision.Reason}"));
                break;
            }
        }
        if (!decision.Stop)
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{runId} finished all {plan.Horizon} epochs, final accuracy {curve[^1]:0.000}"));
        return (runId, epoch, curve[epoch - 1], decision);
    }

    /// <summary>A saturating validation-accuracy curve a·(1 − e^(−e/τ)) + noise, with a random ceiling and speed.</summary>
    private static double[] SyntheticCurve(Random random, int horizon)
    {
        double ceiling = 0.55 + 0.4 * random.NextDouble();
        double tau = horizon * (0.05 + 0.3 * random.NextDouble());
        var values = new double[horizon];
        for (int e = 1; e <= horizon; e++)
            values[e - 1] = Math.Clamp(0.1 + (ceiling - 0.1) * (1 - Math.Exp(-e / tau)) + 0.01 * (random.NextDouble() - 0.5), 0, 1);
        return values;
    }
}
