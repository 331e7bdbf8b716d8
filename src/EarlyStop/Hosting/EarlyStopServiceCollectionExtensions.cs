using System.Diagnostics.Metrics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace LcPfn.EarlyStop.Hosting;

/// <summary>Registers the hosted early-stopping worker.</summary>
public static class EarlyStopServiceCollectionExtensions
{
    /// <summary>
    /// Adds the early-stopping worker (a hosted service), its options bound from <paramref name="configuration"/>
    /// (the section <see cref="EarlyStopWorkerDefaults.ConfigurationSection"/> itself, e.g.
    /// <c>configuration.GetSection("LcPfn:EarlyStop")</c>) and validated on start, its transport, the in-process
    /// <see cref="IEarlyStopClient"/>, metrics and the health check <c>lcpfn-earlystop</c>. An
    /// <see cref="IDecisionEngine"/> must be registered too.
    /// </summary>
    public static IServiceCollection AddLcPfnEarlyStopping(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<EarlyStopWorkerOptions>().Bind(configuration).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<EarlyStopWorkerOptions>, EarlyStopWorkerOptionsValidator>());
        services.AddMetrics();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new ReportQueue(sp.GetRequiredService<IOptions<EarlyStopWorkerOptions>>().Value.QueueCapacity));
        services.TryAddSingleton(sp => new EarlyStopMetrics(sp.GetRequiredService<IMeterFactory>(), () => sp.GetRequiredService<ReportQueue>().Count));
        services.TryAddSingleton<InProcTransport>();
        services.TryAddSingleton<NatsTransport>();
        services.TryAddSingleton<IReportTransport>(sp => sp.GetRequiredService<IOptions<EarlyStopWorkerOptions>>().Value.Transport switch
        {
            EarlyStopTransportKind.Nats => sp.GetRequiredService<NatsTransport>(),
            _ => sp.GetRequiredService<InProcTransport>(),
        });
        services.TryAddSingleton<IEarlyStopClient, InProcEarlyStopClient>();
        services.TryAddSingleton<EarlyStopWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<EarlyStopWorker>());
        services.AddHealthChecks().AddCheck<EarlyStopHealthCheck>(EarlyStopHealthCheck.Name);
        return services;
    }
}
