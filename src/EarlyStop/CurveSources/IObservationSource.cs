namespace LcPfn.EarlyStop.CurveSources;

/// <summary>A streaming reader of curve observations in input order, one bounded chunk at a time.</summary>
internal interface IObservationSource : IAsyncDisposable
{
    /// <summary>The input file, for messages.</summary>
    string Path { get; }

    /// <summary>True when the input has a <c>study</c> column.</summary>
    bool HasStudy { get; }

    /// <summary>True when the input carries a horizon per row (a <c>horizon</c> column, or a wide CSV's epoch count).</summary>
    bool HasHorizon { get; }

    /// <summary>A rough count of observations, used to size spill partitions; null when unknown.</summary>
    long? EstimatedObservations { get; }

    /// <summary>
    /// Reads the next chunk, or null at the end. The chunk may be reused by the next call, so consume it first. A corrupt or truncated file throws
    /// <see cref="LcPfn.Prior.InvalidInputException"/> naming the file and the place.
    /// </summary>
    ValueTask<ObservationChunk?> ReadAsync(CancellationToken cancellationToken);
}
