namespace LcPfn.Prior.Data;

/// <summary>How <see cref="CurveTableWriter"/> lays out the curve table file.</summary>
public sealed record CurveTableWriterOptions
{
    /// <summary>Default rows per row group: 1,000,000 (10,000 curves of 100 epochs; about 20 MB buffered).</summary>
    public const int DefaultRowGroupRows = 1_000_000;

    /// <summary>Rows buffered before a row group is written; in [1, 100,000,000]. Memory stays flat at about
    /// 20 bytes per buffered row whatever the file size.</summary>
    /// <value>The default is 1,000,000.</value>
    public int RowGroupRows { get; init; } = DefaultRowGroupRows;

    /// <summary>Write the optional <c>study</c> column (string).</summary>
    /// <value>The default is false.</value>
    public bool IncludeStudy { get; init; }

    /// <summary>Write the optional <c>horizon</c> column (int32, the run's final epoch).</summary>
    /// <value>The default is true.</value>
    public bool IncludeHorizon { get; init; } = true;

    /// <summary>Throws when an option is invalid, listing every problem.</summary>
    /// <exception cref="InvalidInputException">An option is invalid.</exception>
    public void Validate()
    {
        if (RowGroupRows < 1 || RowGroupRows > 100_000_000)
            throw new InvalidInputException($"Invalid {nameof(CurveTableWriterOptions)}: Property RowGroupRows: must be in [1, 100000000]; was {RowGroupRows}.");
    }
}
