using LcPfn.Prior.Data;
using Parquet;
using Parquet.Schema;

namespace LcPfn.EarlyStop.Batch;

/// <summary>
/// Writes the prediction table (Snappy Parquet, plain types) in row groups of
/// <see cref="BatchExtrapolatorOptions.RowGroupSize"/> rows as predictions arrive. Columns: run_id, study,
/// cutoff_epoch, query_epoch, horizon, mean, median, the quantile columns, and p_improve (nullable double) when a
/// best value is known.
/// </summary>
internal sealed class PredictionTableWriter : BufferedTableWriter
{
    private readonly DataField[] fields;
    private readonly PredictionBlock buffer;

    private PredictionTableWriter(AtomicParquetFile file, DataField[] fields, BatchExtrapolatorOptions options)
        : base(file, options.RowGroupSize)
    {
        this.fields = fields;
        buffer = new PredictionBlock(Math.Min(options.RowGroupSize, 1 << 16), options.ColumnQuantiles.Count, options.HasBest);
    }

    protected override int BufferedRows => buffer.Count;

    /// <summary>The schema of the prediction table for these options.</summary>
    public static ParquetSchema Schema(BatchExtrapolatorOptions options)
    {
        var fields = new List<Field>
        {
            new DataField<string>("run_id", false),
            new DataField<string>("study", false),
            new DataField<int>("cutoff_epoch", false),
            new DataField<int>("query_epoch", false),
            new DataField<int>("horizon", false),
            new DataField<double>("mean", false),
            new DataField<double>("median", false),
        };
        fields.AddRange(options.ColumnQuantiles.Select(q => new DataField<double>(BatchExtrapolatorOptions.QuantileColumnName(q), false)));
        if (options.HasBest) fields.Add(new DataField<double?>("p_improve", true));
        return new ParquetSchema(fields);
    }

    public static async Task<PredictionTableWriter> CreateAsync(string path, BatchExtrapolatorOptions options, CancellationToken cancellationToken)
    {
        var schema = Schema(options);
        var file = await AtomicParquetFile.CreateAsync(path, schema, BatchParquetOptions.Create(), cancellationToken: cancellationToken).ConfigureAwait(false);
        return new PredictionTableWriter(file, schema.DataFields, options);
    }

    /// <summary>Appends a block; full row groups are written at once.</summary>
    public async Task AppendAsync(PredictionBlock block, CancellationToken cancellationToken)
    {
        for (var i = 0; i < block.Count; i++)
        {
            buffer.RunIds.Add(block.RunIds[i]);
            buffer.Studies.Add(block.Studies[i]);
            buffer.Cutoffs.Add(block.Cutoffs[i]);
            buffer.Queries.Add(block.Queries[i]);
            buffer.Horizons.Add(block.Horizons[i]);
            buffer.Means.Add(block.Means[i]);
            buffer.Medians.Add(block.Medians[i]);
            for (var k = 0; k < buffer.QuantileValues.Length; k++) buffer.QuantileValues[k].Add(block.QuantileValues[k][i]);
            buffer.PImprove?.Add(block.PImprove![i]);
            await FlushIfFullAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    protected override async Task WriteColumnsAsync(ParquetRowGroupWriter group, CancellationToken ct)
    {
        var f = 0;
        await group.WriteAsync(fields[f++], buffer.RunIds).ConfigureAwait(false);
        await group.WriteAsync(fields[f++], buffer.Studies).ConfigureAwait(false);
        await group.WriteAsync<int>(fields[f++], buffer.Cutoffs.ToArray(), cancellationToken: ct).ConfigureAwait(false);
        await group.WriteAsync<int>(fields[f++], buffer.Queries.ToArray(), cancellationToken: ct).ConfigureAwait(false);
        await group.WriteAsync<int>(fields[f++], buffer.Horizons.ToArray(), cancellationToken: ct).ConfigureAwait(false);
        await group.WriteAsync<double>(fields[f++], buffer.Means.ToArray(), cancellationToken: ct).ConfigureAwait(false);
        await group.WriteAsync<double>(fields[f++], buffer.Medians.ToArray(), cancellationToken: ct).ConfigureAwait(false);
        foreach (var column in buffer.QuantileValues)
            await group.WriteAsync<double>(fields[f++], column.ToArray(), cancellationToken: ct).ConfigureAwait(false);
        if (buffer.PImprove is not null)
            await group.WriteAsync<double>(fields[f++], buffer.PImprove.ToArray().AsMemory(), cancellationToken: ct).ConfigureAwait(false);
    }

    protected override void ClearBuffer()
    {
        buffer.RunIds.Clear();
        buffer.Studies.Clear();
        buffer.Cutoffs.Clear();
        buffer.Queries.Clear();
        buffer.Horizons.Clear();
        buffer.Means.Clear();
        buffer.Medians.Clear();
        foreach (var column in buffer.QuantileValues) column.Clear();
        buffer.PImprove?.Clear();
    }
}
