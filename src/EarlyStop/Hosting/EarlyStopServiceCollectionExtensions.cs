using System.Diagnostics.Metrics;
using LcPfn.Prior.Prediction;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace LcPfn.EarlyStop.Hosting;

/// <summary>Registers the hosted early-stopping worker.</summary>
public static class EarlyStopServiceCollectionExtensions
{
    /// <summary>The subsection of the worker's section that binds <see cref="StopRuleOptions"/>: <c>Rule</c>.</summary>
    public const string RuleSection = "Rule";

    /// <summary>
    /// Adds the early-stopping worker (a hosted service), its options bound from <paramref name="configuration"/>
    /// (the section <see cref="EarlyStopWorkerDefaults.ConfigurationSection"/> itself, e.g.
    /// <c>configuration.GetSection("LcPfn:EarlyStop")</c>) and validated on start, its transport, the in-process
    /// <see cref="IEarlyStopClient"/>, metrics and the health check <c>lcpfn-earlystop</c>. Decisions come from a
    /// <see cref="PolicyDecisionEngine"/> over the registered <see cref="ICurveExtrapolator"/> (the PFN) with the
    /// <see cref="StopRuleOptions"/> of the subsection <c>Rule</c>, unless an <see cref="IDecisionEngine"/> is registered.
    /// </summary>
    public static IServiceCollection AddLcPfnEarlyStopping(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<EarlyStopWorkerOptions>().Bind(configuration).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<EarlyStopWorkerOptions>, EarlyStopWorkerOptionsValidator>());
        services.AddOptions<StopRuleOptions>().Bind(configuration.GetSection(RuleSection)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<StopRuleOptions>, StopRuleOptionsValidator>());
        services.TryAddSingleton<IDecisionEngine>(sp => new PolicyDecisionEngine(
            sp.GetService<ICurveExtrapolator>() ?? throw new InvalidOperationException("Register an ICurveExtrapolator (the PFN: PfnExtrapolator.Load(dir)) or an IDecisionEngine before starting the early-stopping worker."),
            sp.GetRequiredService<IOptions<StopRuleOptions>>().Value,
            sp.GetRequiredService<IOptions<EarlyStopWorkerOptions>>().Value.OnlineCalibration ? Calibration.CalibrationSettings.OnlineOnly : null,
            LcPfn.Prior.Schedules.ScheduleText.Resolve(sp.GetRequiredService<IOptions<EarlyStopWorkerOptions>>().Value.Schedule, allowFiles: false)));
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
