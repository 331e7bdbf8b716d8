using LcPfn.EarlyStop.Batch;
using LcPfn.Prior.Data;

namespace LcPfn.EarlyStop.CurveSources;

/// <summary>
/// Makes any input grouped by run in bounded memory: a first pass spills every observation to one of P temporary
/// partition files chosen by a hash of (study, run id); then each partition is read back alone, its rows are
/// grouped by run (keeping the order of first appearance, and the row order within a run) and handed on. Memory
/// is one partition, about <see cref="BatchExtrapolatorDefaults.SpillPartitionObservations"/> observations; P is
/// sized from the input's estimated observation count (at most <see cref="BatchExtrapolatorDefaults.MaxSpillPartitions"/>).
/// </summary>
internal sealed class SpillingObservationSource : IObservationSource
{
    private readonly IObservationSource inner;
    private readonly string directory;
    private readonly int partitions;
    private bool spilled;
    private int nextPartition;
    private long totalObservations;
    private long emittedObservations;

    public SpillingObservationSource(IObservationSource inner, string tempDirectory)
    {
        this.inner = inner;
        directory = System.IO.Path.Combine(tempDirectory, $".lcpfn-spill-{Guid.NewGuid():N}");
        var estimate = inner.EstimatedObservations ?? BatchExtrapolatorDefaults.SpillPartitionObservations * 16;
        partitions = (int)Math.Clamp((estimate + BatchExtrapolatorDefaults.SpillPartitionObservations - 1) / BatchExtrapolatorDefaults.SpillPartitionObservations, 1, BatchExtrapolatorDefaults.MaxSpillPartitions);
    }

    public string Path => inner.Path;

    public bool HasStudy => inner.HasStudy;

    public bool HasHorizon => inner.HasHorizon;

    public long? EstimatedObservations => inner.EstimatedObservations;

    /// <summary>The number of partition files.</summary>
    public int Partitions => partitions;

    public async ValueTask<ObservationChunk?> ReadAsync(CancellationToken cancellationToken)
    {
        if (!spilled)
        {
            await SpillAsync(cancellationToken).ConfigureAwait(false);
            spilled = true;
        }
        while (nextPartition < partitions)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var chunk = ReadPartition(nextPartition++);
            if (chunk is null) continue;
            emittedObservations += chunk.Count;
            chunk.InputFraction = 0.5 + (0.5 * emittedObservations / Math.Max(1, totalObservations));
            return chunk;
        }
        return null;
    }

    public async ValueTask DisposeAsync()
    {
        await inner.DisposeAsync().ConfigureAwait(false);
        try
        {
            if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a leftover spill folder is harmless and named so that it is easy to find.
        }
    }

    private async Task SpillAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        var writers = new BinaryWriter[partitions];
        try
        {
            for (var p = 0; p < partitions; p++)
            {
                var stream = new FileStream(PartitionPath(p), FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 14);
                writers[p] = new BinaryWriter(stream);
            }
            while (await inner.ReadAsync(cancellationToken).ConfigureAwait(false) is { } chunk)
            {
                for (var i = 0; i < chunk.Count; i++)
                {
                    var study = chunk.Studies?[i] ?? "";
                    var runId = chunk.RunIds[i];
                    var w = writers[(int)(RunFilter.Hash(study, runId).H1 % (ulong)partitions)];
                    w.Write(study);
                    w.Write(runId);
                    w.Write(chunk.Epochs[i]);
                    w.Write(chunk.Values[i]);
                    w.Write((byte)chunk.Issues[i]);
                    w.Write(chunk.Horizons?[i] ?? 0);
                    w.Write(chunk.Rows[i]);
                }
                totalObservations += chunk.Count;
            }
        }
        finally
        {
            foreach (var w in writers) w?.Dispose();
        }
    }

    private ObservationChunk? ReadPartition(int p)
    {
        var path = PartitionPath(p);
        var records = new List<Observation>();
        using (var reader = new BinaryReader(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan)))
        {
            var strings = new Dictionary<string, string>(StringComparer.Ordinal);
            string Intern(string s) => strings.TryGetValue(s, out var t) ? t : strings[s] = s;
            var length = reader.BaseStream.Length;
            while (reader.BaseStream.Position < length)
            {
                var study = Intern(reader.ReadString());
                var runId = reader.ReadString();
                records.Add(new Observation(study.Length == 0 ? null : study, runId, reader.ReadInt32(), reader.ReadDouble(), (CellIssue)reader.ReadByte(), reader.ReadInt32(), reader.ReadInt64()));
            }
        }
        File.Delete(path);
        if (records.Count == 0) return null;

        // Group by run, in order of first appearance; a stable order keeps duplicate/unordered epochs detectable.
        var order = new Dictionary<(string, string), List<int>>();
        var keys = new List<(string, string)>();
        for (var i = 0; i < records.Count; i++)
        {
            var key = (records[i].Study ?? LearningCurve.DefaultStudy, records[i].RunId);
            if (!order.TryGetValue(key, out var list))
            {
                order[key] = list = new List<int>(4);
                keys.Add(key);
            }
            list.Add(i);
        }
        var chunk = new ObservationChunk(records.Count, HasStudy, HasHorizon);
        foreach (var key in keys)
        {
            foreach (var i in order[key]) chunk.Add(records[i]);
        }
        return chunk;
    }

    private string PartitionPath(int p) => System.IO.Path.Combine(directory, $"p{p:D4}.bin");
}
