using Parquet;
using Parquet.Schema;

namespace LcPfn.Prior.Tests.Data;

/// <summary>Small curve files written by the tests themselves into a temporary folder that is deleted afterwards.</summary>
internal sealed class CurveReaderFixtures : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "lcpfn-reader-tests-" + Guid.NewGuid().ToString("N"));

    public CurveReaderFixtures() => Directory.CreateDirectory(_folder);

    public string Write(string name, string text)
    {
        string path = Path.Combine(_folder, name);
        File.WriteAllText(path, text);
        return path;
    }

    public string WriteBytes(string name, byte[] bytes)
    {
        string path = Path.Combine(_folder, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>A row of a long curve table.</summary>
    public sealed record Row(string? RunId, int? Epoch, double? Value, string? Study = null, int? Horizon = null);

    /// <summary>
    /// Writes a Parquet curve table; rows are split into row groups of <paramref name="rowsPerGroup"/>. Optional columns
    /// are written only when asked for.
    /// </summary>
    public string WriteParquet(string name, IReadOnlyList<Row> rows, bool withStudy = false, bool withHorizon = false, int rowsPerGroup = int.MaxValue)
    {
        string path = Path.Combine(_folder, name);
        var run = new DataField<string>("run_id");
        var epoch = new DataField<int?>("epoch");
        var value = new DataField<double?>("value");
        var study = new DataField<string>("study");
        var horizon = new DataField<int?>("horizon");
        var fields = new List<Field> { run, epoch, value };
        if (withStudy) fields.Add(study);
        if (withHorizon) fields.Add(horizon);
        var schema = new ParquetSchema(fields);
        using (var stream = File.Create(path))
        {
            WriteAsync().GetAwaiter().GetResult();

            async Task WriteAsync()
            {
                await using var writer = await ParquetWriter.CreateAsync(schema, stream);
                foreach (var chunk in rows.Chunk(Math.Max(1, Math.Min(rowsPerGroup, rows.Count))))
                {
                    using var group = writer.CreateRowGroup();
                    await group.WriteAsync(run, chunk.Select(r => r.RunId).ToArray());
                    await group.WriteAsync<int>(epoch, chunk.Select(r => r.Epoch).ToArray().AsMemory());
                    await group.WriteAsync<double>(value, chunk.Select(r => r.Value).ToArray().AsMemory());
                    if (withStudy) await group.WriteAsync(study, chunk.Select(r => r.Study).ToArray());
                    if (withHorizon) await group.WriteAsync<int>(horizon, chunk.Select(r => r.Horizon).ToArray().AsMemory());
                }
            }
        }
        return path;
    }

    public void Dispose()
    {
        try { Directory.Delete(_folder, recursive: true); }
        catch (IOException) { }
    }
}
