// HostedWorker: the early-stopping service as a hosted worker in a generic-host app, plus a producer that
// simulates a study of trainings reporting one epoch at a time and stopping when told to.
//   dotnet run --project samples/HostedWorker -c Release                       (in-process transport)
//   dotnet run --project samples/HostedWorker -c Release -- --nats [--nats-url nats://127.0.0.1:4222]
//   dotnet run --project samples/HostedWorker -c Release -- --smoke            (a few seconds)
using LcPfn.EarlyStop.Hosting;
using LcPfn.Prior.Prediction;
using LcPfn.Samples;
using LcPfn.Samples.HostedWorker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

bool smoke = args.Contains("--smoke");
bool nats = args.Contains("--nats");
string natsUrl = args.SkipWhile(a => a != "--nats-url").Skip(1).FirstOrDefault() ?? EarlyStopWorkerDefaults.NatsUrl;

var builder = Host.CreateApplicationBuilder();
// The worker's options live in the section LcPfn:EarlyStop (appsettings.json, environment, command line).
builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
{
    ["LcPfn:EarlyStop:Transport"] = nats ? "Nats" : "InProc",
    ["LcPfn:EarlyStop:NatsUrl"] = natsUrl,
    ["LcPfn:EarlyStop:Rule:MinEpochs"] = "5",
});
builder.Logging.SetMinimumLevel(LogLevel.Warning);

using var forecaster = SampleModel.Open();
Console.WriteLine($"forecaster: {forecaster.Description}");
Console.WriteLine($"transport: {(nats ? $"NATS JetStream at {natsUrl}" : "in-process")}");

// 1. The worker: options, transport, queue, metrics, health check, and the decision engine over the registered
//    forecaster (the stop rule's options bind from LcPfn:EarlyStop:Rule: Threshold, MinEpochs, ...).
builder.Services.AddSingleton<ICurveExtrapolator>(forecaster.Extrapolator);
builder.Services.AddLcPfnEarlyStopping(builder.Configuration.GetSection(EarlyStopWorkerDefaults.ConfigurationSection));

// 2. The producer: simulated trainings that report epochs (in-process client, or NATS messages).
builder.Services.AddSingleton(new SimulationPlan(smoke ? 6 : 16, smoke ? 20 : 60, TimeSpan.FromMilliseconds(smoke ? 2 : 25)));
if (nats)
    builder.Services.AddSingleton<IReportSender>(_ => new NatsReportSender(natsUrl));
else
    builder.Services.AddSingleton<IReportSender, InProcReportSender>();
builder.Services.AddHostedService<TrainingSimulator>();

using var host = builder.Build();
await host.RunAsync();   // the simulator stops the application when every run has finished or stopped
return Environment.ExitCode;
