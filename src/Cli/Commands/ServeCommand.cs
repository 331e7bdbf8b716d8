using System.CommandLine;
using System.Text;
using LcPfn.EarlyStop;
using LcPfn.EarlyStop.Hosting;
using LcPfn.Prior;
using LcPfn.Prior.Baselines;
using LcPfn.Prior.Prediction;
using LcPfn.Prior.Schedules;
using LcPfn.Transformer.Runtime;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace LcPfn.Cli.Commands;

/// <summary>
/// <c>lcpfn serve</c>: the hosted early-stopping worker (docs/hosted-worker.md). With <c>--transport nats</c> it is
/// one stateless replica on the shared JetStream consumer; with <c>inproc</c> (the default) it reads reports as JSON
/// lines on stdin and writes decisions as JSON lines on stdout. SIGTERM/Ctrl+C: no new reports are taken, the
/// queued ones are decided, and nothing undecided is acknowledged.
/// </summary>
internal sealed class ServeCommand : ICliCommand
{
    public string? Group => null;

    public Command Create()
    {
        var transport = new Option<string>("--transport") { Description = "inproc (JSON lines on stdin/stdout) or nats (JetStream).", DefaultValueFactory = _ => "inproc" };
        transport.AcceptOnlyFromAmong("inproc", "nats");
        var natsUrl = ServeOptions.NatsUrl();
        var model = ServeOptions.Model();
        var extrapolator = ServeOptions.Extrapolator();
        var device = CommonOptions.Device();
        var threads = CommonOptions.Threads();
        var maxBatch = new Option<int>("--max-batch") { Description = "Reports per micro-batch (one batched forward pass).", DefaultValueFactory = _ => EarlyStopWorkerDefaults.MaxBatchSize };
        var threshold = new Option<double>("--threshold") { Description = "Stop when P(final better than best) is below this.", DefaultValueFactory = _ => StopRuleDefaults.Threshold };
        var minEpochs = new Option<int>("--min-epochs") { Description = "First decision after this epoch.", DefaultValueFactory = _ => StopRuleDefaults.MinEpochs };
        var calibration = CalibrationCli.Option(CalibrationCli.None);
        var schedule = CommonOptions.Schedule();
        schedule.Description = "Learning-rate schedule of runs whose reports carry no 'schedule' field (text syntax only, no file): " + LearningRateSchedule.Syntax.Replace(" or a file of per-epoch multipliers", "", StringComparison.Ordinal) + ".";
        var command = new Command("serve", "Run the hosted early-stopping worker: reports in, stop/continue decisions out (inproc or NATS JetStream).")
        {
            transport, natsUrl, model, extrapolator, device, threads, maxBatch, threshold, minEpochs, calibration, schedule,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var kind = parse.GetValue(transport)!;
            var settings = new Dictionary<string, string?>
            {
                ["Transport"] = kind == "nats" ? nameof(EarlyStopTransportKind.Nats) : nameof(EarlyStopTransportKind.InProc),
                ["NatsUrl"] = parse.GetValue(natsUrl),
                ["MaxBatchSize"] = Invariant(parse.GetValue(maxBatch)),
                ["MaxAckPending"] = Invariant(Math.Max(EarlyStopWorkerDefaults.MaxAckPending, parse.GetValue(maxBatch))),
                ["Rule:Threshold"] = Invariant(parse.GetValue(threshold)),
                ["Rule:MinEpochs"] = Invariant(parse.GetValue(minEpochs)),
                ["Schedule"] = parse.GetValue(schedule),
            };
            var curves = ServeOptions.CreateExtrapolator(parse.GetValue(extrapolator)!, parse.GetValue(model), parse.GetValue(device), parse.GetValue(threads));
            try
            {
                // Offline calibration (FILE) wraps the forecaster, so every replica reads the same map; online keeps each
                // study's completed runs in the state store (docs/early-stopping.md).
                var tokens = parse.GetValue(calibration);
                var offline = CalibrationCli.Offline(tokens, curves, 1.0, parse.InvocationConfiguration.Error, cancellationToken,
                    schedule: ScheduleText.Resolve(parse.GetValue(schedule), allowFiles: false));
                ICurveExtrapolator calibrated = offline is null ? curves : new LcPfn.EarlyStop.Calibration.CalibratedExtrapolator(curves, offline);
                bool online = CalibrationCli.WantsOnline(tokens);
                settings["OnlineCalibration"] = online ? "true" : "false";
                string calibrationUsed = new LcPfn.EarlyStop.Calibration.CalibrationSettings { Offline = offline, Online = online }.Describe();
                parse.InvocationConfiguration.Error.WriteLine($"calibration: {calibrationUsed}");
                var builder = ServeHost.CreateBuilder(settings, calibrated);
                if (kind == "inproc")
                {
                    builder.Services.AddSingleton(new JsonLinesBridge.Streams(Console.In, parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error));
                    builder.Services.AddHostedService<JsonLinesBridge>();
                }
                return await ServeHost.RunUntilStoppedAsync(builder.Build(), cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                (curves as IDisposable)?.Dispose();
            }
        });
        return command;
    }

    private static string Invariant(IFormattable value) => value.ToString(null, System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>Options shared by <c>serve</c> and <c>bench serve</c>.</summary>
internal static class ServeOptions
{
    public static Option<string> NatsUrl() => new("--nats-url")
    {
        Description = "The NATS server (default: $LCPFN_NATS_URL, else nats://127.0.0.1:4222).",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("LCPFN_NATS_URL") is { Length: > 0 } url ? url : EarlyStopWorkerDefaults.NatsUrl,
    };

    public static Option<string?> Model() => new("--model") { Description = "The model folder for --extrapolator lcpfn (default: the shipped model, data/models/default)." };

    public static Option<string> Extrapolator() =>
        Forecasters.Option("What the worker's policy forecasts with", [Forecasters.PfnName, LastValueExtrapolator.MethodName, PowerLawExtrapolator.MethodName]);

    /// <summary>The extrapolator the worker's policy forecasts with.</summary>
    public static ICurveExtrapolator CreateExtrapolator(string kind, string? modelDirectory, ComputeDevice device, int threads) =>
        Forecasters.Open(kind, modelDirectory, device, threads).Extrapolator;
}

/// <summary>Builds and runs the worker's host for <c>serve</c> and <c>bench serve</c>.</summary>
internal static class ServeHost
{
    /// <summary>How long a stop may drain before undecided reports are given back: 30 s.</summary>
    public static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(30);

    public static HostApplicationBuilder CreateBuilder(IReadOnlyDictionary<string, string?> settings, ICurveExtrapolator extrapolator, LogLevel minimum = LogLevel.Information)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddInMemoryCollection(settings.Select(kv => new KeyValuePair<string, string?>($"{EarlyStopWorkerDefaults.ConfigurationSection}:{kv.Key}", kv.Value)));
        builder.Configuration.AddEnvironmentVariables("LCPFN_"); // e.g. LCPFN_LcPfn__EarlyStop__AckWait=00:01:00
        builder.Logging.SetMinimumLevel(minimum);
        builder.Services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace); // stdout carries decisions
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = ShutdownTimeout);
        builder.Services.AddSingleton(extrapolator);
        builder.Services.AddLcPfnEarlyStopping(builder.Configuration.GetSection(EarlyStopWorkerDefaults.ConfigurationSection));
        return builder;
    }

    /// <summary>
    /// Runs the host until SIGTERM/Ctrl+C or <paramref name="cancellationToken"/>, then drains. The host runs on a
    /// foreground thread, so the process outlives the command line's own 2 s termination timeout until the drain is done.
    /// </summary>
    public static Task<int> RunUntilStoppedAsync(IHost host, CancellationToken cancellationToken)
    {
        var done = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                using (host)
                    host.Run();
                done.SetResult(CliApp.Ok);
            }
            catch (Exception ex)
            {
                done.SetException(ex);
            }
        })
        { IsBackground = false, Name = "lcpfn-serve" };
        thread.Start();
        var lifetime = host.Services.GetRequiredService<IHostApplicationLifetime>();
        var registration = cancellationToken.Register(lifetime.StopApplication);
        return done.Task.ContinueWith(t => { registration.Dispose(); return t; }, TaskScheduler.Default).Unwrap();
    }
}
