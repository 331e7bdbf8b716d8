using LcPfn.EarlyStop.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LcPfn.EarlyStop.Tests.Hosting;

/// <summary>Builds worker hosts for the tests: in this process, or (with <see cref="WorkerChildProcess"/>) in a child.</summary>
internal static class WorkerHostFactory
{
    /// <summary>Unique names so that tests can share one NATS server.</summary>
    public static Dictionary<string, string?> NatsSettings(string id, string url) => new()
    {
        ["Transport"] = "Nats",
        ["NatsUrl"] = url,
        ["SubjectPrefix"] = $"t{id}",
        ["ReportStream"] = $"R_{id}",
        ["DecisionStream"] = $"D_{id}",
        ["DeadLetterStream"] = $"DL_{id}",
        ["ConsumerName"] = $"c_{id}",
        ["StateBucket"] = $"kv_{id}",
        ["AckWait"] = "00:00:05",
    };

    public static IHost Build(IReadOnlyDictionary<string, string?> settings, IDecisionEngine engine, LogLevel minimum = LogLevel.Warning, bool logToStandardError = false, ILoggerProvider? logs = null)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings.Select(kv => new KeyValuePair<string, string?>($"{EarlyStopWorkerDefaults.ConfigurationSection}:{kv.Key}", kv.Value)));
        builder.Logging.SetMinimumLevel(minimum);
        if (logs is not null) builder.Logging.AddProvider(logs);
        if (logToStandardError)
            builder.Logging.AddSimpleConsole().AddFilter((_, _) => true).Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Services.AddSingleton(engine);
        builder.Services.AddLcPfnEarlyStopping(builder.Configuration.GetSection(EarlyStopWorkerDefaults.ConfigurationSection));
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(10));
        return builder.Build();
    }
}
