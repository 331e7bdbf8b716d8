using System.Globalization;
using LcPfn.Prior.Mcmc;
using LcPfn.Prior.Prediction;
using LcPfn.Prior.Sampling;

namespace LcPfn.Prior.Baselines;

/// <summary>
/// The MCMC baseline (<c>mcmc</c>) of Domhan et al. (2015) and the LC-PFN paper: an affine-invariant ensemble
/// (<see cref="EnsembleSampler"/>) samples the <see cref="DomhanPosterior"/> of the same prior the PFN was trained on,
/// and the predictive of a query epoch is the mixture over posterior samples θ_s of N(f(x; θ_s), σ_s²)
/// (<see cref="MixtureOfGaussians"/>).
/// <para>
/// Epoch e of a run with horizon H enters as x = e·T/H on the prior's grid x = 1..T (T = 100 by default), like the
/// PFN. Values are taken as given, in the model's convention (increasing is better, mostly in [0, 1]); no
/// normalisation happens here.
/// </para>
/// <para>
/// Each request has its own seed derived from <see cref="McmcOptions.Seed"/>, its run id and its number of observed
/// points, so predictions do not depend on batching, request order or threads. Several requests run in parallel
/// (one per thread); a single request spreads its walkers over the threads. Thread-safe.
/// </para>
/// </summary>
public sealed class McmcExtrapolator : ICurveExtrapolator
{
    /// <summary>The name in reports: <c>mcmc</c>.</summary>
    public const string MethodName = "mcmc";

    private const ulong CandidateStream = 0xC2B2AE3D27D4EB4FUL;
    private const ulong SamplerStream = 0x165667B19E3779F9UL;

    private readonly McmcOptions _options;
    private readonly DomhanCurveModel _model;

    /// <summary>Creates the extrapolator; validates the options.</summary>
    /// <param name="options">The settings; <see cref="McmcOptions.Fast"/> when null.</param>
    /// <exception cref="InvalidInputException">An option is invalid (the message lists every problem).</exception>
    public McmcExtrapolator(McmcOptions? options = null)
    {
        _options = options ?? McmcOptions.Fast;
        _options.Validate();
        _model = new DomhanCurveModel(_options.Prior, _options.LogScaleParameters);
    }

    /// <inheritdoc />
    public string Name => MethodName;

    /// <summary>The settings.</summary>
    public McmcOptions Options => _options;

    /// <summary>The prior's parameter space.</summary>
    public DomhanCurveModel Model => _model;

    /// <inheritdoc />
    /// <exception cref="InvalidInputException">A request is malformed (the message names the run and the epoch).</exception>
    public IReadOnlyList<IReadOnlyList<IPredictiveDistribution>> Extrapolate(IReadOnlyList<ExtrapolationRequest> requests, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(requests);
        foreach (var request in requests)
        {
            ArgumentNullException.ThrowIfNull(request);
            request.Validate(); // an empty curve is allowed: its predictive is the prior predictive
        }
        var results = new IReadOnlyList<IPredictiveDistribution>[requests.Count];
        int threads = _options.MaxDegreeOfParallelism == 0 ? Environment.ProcessorCount : _options.MaxDegreeOfParallelism;
        if (requests.Count <= 1 || threads == 1)
        {
            for (int i = 0; i < requests.Count; i++)
                results[i] = FitCore(requests[i], threads, cancellationToken).Predictions;
        }
        else
        {
            var parallel = new ParallelOptions { MaxDegreeOfParallelism = threads, CancellationToken = cancellationToken };
            Parallel.For(0, requests.Count, parallel, i => results[i] = FitCore(requests[i], 1, cancellationToken).Predictions);
        }
        return results;
    }

    /// <summary>Fits one request and returns its predictive, posterior and chain (with diagnostics).</summary>
    /// <exception cref="InvalidInputException">The request is malformed (the message names the run and the epoch).</exception>
    public McmcFit Fit(ExtrapolationRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Validate();
        int threads = _options.MaxDegreeOfParallelism == 0 ? Environment.ProcessorCount : _options.MaxDegreeOfParallelism;
        return FitCore(request, threads, cancellationToken);
    }

    /// <summary>The seed of a request: a mix of the options' seed, a stable hash of the run id (FNV-1a over its UTF-16
    /// code units) and the number of observed points.</summary>
    public ulong RequestSeed(ExtrapolationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        ulong hash = 0xCBF29CE484222325UL;
        foreach (char c in request.RunId ?? string.Empty)
        {
            hash ^= c;
            hash *= 0x100000001B3UL;
        }
        return PriorRandom.Mix(PriorRandom.Mix(_options.Seed ^ hash) + (ulong)request.Epochs.Count);
    }

    private McmcFit FitCore(ExtrapolationRequest request, int threads, CancellationToken cancellationToken)
    {
        int t = _model.Horizon;
        double scale = (double)t / request.Horizon;
        var x = request.Epochs.Select(e => e * scale).ToArray();
        var posterior = new DomhanPosterior(_model, x, request.Values);
        ulong seed = RequestSeed(request);
        var samplerOptions = _options.Sampler with { MaxDegreeOfParallelism = threads };
        int walkers = samplerOptions.Walkers;
        var start = posterior.InitialPositions(walkers, walkers * _options.CandidatesPerWalker, PriorRandom.Mix(seed ^ CandidateStream), threads);
        var chain = new EnsembleSampler(samplerOptions).Sample(posterior.LogProbability, posterior.Dimension, start, PriorRandom.Mix(seed ^ SamplerStream), cancellationToken);
        return new McmcFit(request.RunId, Predict(chain, request, scale), posterior, chain);
    }

    /// <summary>The mixture predictive of every query from up to <see cref="McmcOptions.PredictiveSamples"/> evenly spaced samples.</summary>
    private MixtureOfGaussians[] Predict(EnsembleChain chain, ExtrapolationRequest request, double scale)
    {
        int count = chain.SampleCount;
        int m = Math.Min(count, _options.PredictiveSamples);
        var sigma = new double[m];
        var means = new double[request.QueryEpochs.Count][];
        for (int q = 0; q < means.Length; q++) means[q] = new double[m];
        for (int i = 0; i < m; i++)
        {
            var theta = chain.GetSample((int)((long)i * count / m));
            sigma[i] = _model.Sigma(theta);
            double fallback = double.NaN;
            for (int q = 0; q < means.Length; q++)
            {
                double mu = _model.Evaluate(theta, request.QueryEpochs[q] * scale);
                if (!double.IsFinite(mu))
                {
                    // Only possible before x = 1 (horizons above T): use f(1), which the rejection rule keeps finite.
                    if (double.IsNaN(fallback)) fallback = _model.Evaluate(theta, 1.0);
                    mu = fallback;
                }
                means[q][i] = mu;
            }
        }
        var result = new MixtureOfGaussians[means.Length];
        for (int q = 0; q < result.Length; q++) result[q] = new MixtureOfGaussians(means[q], sigma, validate: false);
        return result;
    }
}
