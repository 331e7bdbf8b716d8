using System.Globalization;
using System.Text;
using LcPfn.Prior.Data;
using Parquet;
using Parquet.Schema;

namespace LcPfn.EarlyStop.Tests.Batch;

/// <summary>Writes small curve files (long Parquet, long CSV, wide CSV) for tests, and reads Parquet tables back.</summary>
internal static class CurveFiles
{
    /// <summary>Deterministic saturating curves in [0, 1]: run i over horizon epochs.</summary>
    public static List<LearningCurve> Curves(int count, int horizon, int observed, int seed = 1)
    {
        var random = new Random(seed);
        var curves = new List<LearningCurve>();
        for (var i = 0; i < count; i++)
        {
            var top = 0.5 + (0.4 * random.NextDouble());
            var rate = 0.05 + (0.2 * random.NextDouble());
            var epochs = Enumerable.Range(1, observed).ToArray();
            var values = epochs.Select(e => Math.Round(top * (1 - Math.Exp(-rate * e)), 4)).ToArray();
            curves.Add(new LearningCurve($"run{i:D3}", LearningCurve.DefaultStudy, horizon, epochs, values));
        }
        return curves;
    }

    public static async Task WriteParquetAsync(string path, IEnumerable<LearningCurve> curves, int rowGroupRows = 1000, bool withHorizon = true)
    {
        var fields = new List<DataField> { new DataField<string>("run_id", false), new DataField<int>("epoch", false), new DataField<double>("value", false) };
        if (withHorizon) fields.Add(new DataField<int>("horizon", false));
        var schema = new ParquetSchema(fields);
        var rows = curves.SelectMany(c => c.Epochs.Select((e, i) => (c.RunId, Epoch: e, Value: c.Values[i], c.Horizon))).ToList();
        await using var stream = File.Create(path);
        await using var writer = await ParquetWriter.CreateAsync(schema, stream, new ParquetOptions { CompressionMethod = CompressionMethod.Snappy }, false);
        foreach (var part in rows.Chunk(rowGroupRows))
        {
            using var group = writer.CreateRowGroup();
            await group.WriteAsync(fields[0], part.Select(r => r.RunId).ToArray());
            await group.WriteAsync<int>(fields[1], part.Select(r => r.Epoch).ToArray());
            await group.WriteAsync<double>(fields[2], part.Select(r => r.Value).ToArray());
            if (withHorizon) await group.WriteAsync<int>(fields[3], part.Select(r => r.Horizon).ToArray());
        }
    }

    public static void WriteWideCsv(string path, IEnumerable<LearningCurve> curves, int horizon)
    {
        var text = new StringBuilder("arch_id,note," + string.Join(",", Enumerable.Range(1, horizon).Select(e => $"e{e:D3}")) + "\n");
        foreach (var c in curves)
        {
            var cells = new string[horizon];
            for (var i = 0; i < c.Count; i++) cells[c.Epochs[i] - 1] = c.Values[i].ToString("R", CultureInfo.InvariantCulture);
            text.Append(c.RunId).Append(",\"a, quoted note\",").Append(string.Join(",", cells.Select(x => x ?? ""))).Append('\n');
        }
        File.WriteAllText(path, text.ToString());
    }

    public static void WriteLongCsv(string path, string body) => File.WriteAllText(path, "run_id,epoch,value,horizon\n" + body);

    /// <summary>Reads every column of a Parquet file as objects (strings, ints, doubles, nulls).</summary>
    public static async Task<Dictionary<string, object?[]>> ReadTableAsync(string path)
    {
        await using var reader = await ParquetReader.CreateAsync(path);
        var columns = reader.Schema.DataFields.ToDictionary(f => f.Name, _ => new List<object?>());
        for (var g = 0; g < reader.RowGroupCount; g++)
        {
            var group = reader.OpenRowGroupReader(g);
            var n = (int)group.RowCount;
            foreach (var f in reader.Schema.DataFields)
            {
                object?[] values;
                if (f.ClrType == typeof(int) && !f.IsNullable) { var a = new int[n]; await group.ReadAsync<int>(f, a); values = a.Cast<object?>().ToArray(); }
                else if (f.ClrType == typeof(int)) { var a = new int?[n]; await group.ReadAsync<int>(f, a.AsMemory()); values = a.Cast<object?>().ToArray(); }
                else if (f.ClrType == typeof(long)) { var a = new long?[n]; await group.ReadAsync<long>(f, a.AsMemory()); values = a.Cast<object?>().ToArray(); }
                else if (f.ClrType == typeof(double) && !f.IsNullable) { var a = new double[n]; await group.ReadAsync<double>(f, a); values = a.Cast<object?>().ToArray(); }
                else if (f.ClrType == typeof(double)) { var a = new double?[n]; await group.ReadAsync<double>(f, a.AsMemory()); values = a.Cast<object?>().ToArray(); }
                else { var a = new string?[n]; await group.ReadAsync(f, a.AsMemory()); values = a.Cast<object?>().ToArray(); }
                columns[f.Name].AddRange(values);
            }
        }
        return columns.ToDictionary(kv => kv.Key, kv => kv.Value.ToArray());
    }

    /// <summary>A fresh temporary folder, deleted by the returned handle.</summary>
    public static TempFolder TempFolder() => new();
}

internal sealed class TempFolder : IDisposable
{
    public TempFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "lcpfn-batch-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { }
    }
}
