using LcPfn.Prior.Data;
using Parquet;
using Parquet.Schema;
using Shouldly;

namespace LcPfn.Prior.Tests.Data;

/// <summary>
/// The writer is tested by reading its files back with Parquet.Net's own reader (not the project's reader), so a
/// round trip proves the file is a plain long-format table that any Parquet reader can open.
/// </summary>
public sealed class CurveTableWriterTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("lcpfn-writer-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task WriteCurveAsync_SeveralRowGroups_RoundTripsThroughParquetReader()
    {
        string path = Path.Combine(_folder, "curves.parquet");
        float[][] curves = [[0.1f, 0.2f, 0.3f], [0.5f, 0.25f, 0.75f], [0.9f, 0.95f, 1.0f]];
        await using (var writer = await CurveTableWriter.CreateAsync(path, new CurveTableWriterOptions { RowGroupRows = 4 }, TestContext.Current.CancellationToken))
        {
            for (int c = 0; c < curves.Length; c++)
                await writer.WriteCurveAsync(c.ToString(System.Globalization.CultureInfo.InvariantCulture), curves[c], cancellationToken: TestContext.Current.CancellationToken);
            writer.Rows.ShouldBe(9);
            writer.Curves.ShouldBe(3);
            await writer.CompleteAsync(TestContext.Current.CancellationToken);
        }

        var table = await ReadAsync(path);
        table.Schema.ShouldBe(["run_id", "epoch", "value", "horizon"]);
        table.RowGroups.ShouldBe(3); // 4 + 4 + 1 rows
        table.RunIds.ShouldBe(["0", "0", "0", "1", "1", "1", "2", "2", "2"]);
        table.Epochs.ShouldBe([1, 2, 3, 1, 2, 3, 1, 2, 3]);
        table.Values.ShouldBe(curves.SelectMany(c => c.Select(v => (double)v)).ToArray());
        table.Horizons.ShouldBe(Enumerable.Repeat(3, 9).ToArray());
    }

    [Fact]
    public async Task WriteCurveAsync_LearningCurveWithStudy_KeepsEpochsStudyAndHorizon()
    {
        string path = Path.Combine(_folder, "runs.parquet");
        var curve = new LearningCurve("run-7", "cifar", 200, [1, 2, 5], [0.3, 0.4, 0.6]);
        await using (var writer = await CurveTableWriter.CreateAsync(path, new CurveTableWriterOptions { IncludeStudy = true }, TestContext.Current.CancellationToken))
        {
            await writer.WriteCurveAsync(curve, TestContext.Current.CancellationToken);
            await writer.CompleteAsync(TestContext.Current.CancellationToken);
        }
        var table = await ReadAsync(path);
        table.Schema.ShouldBe(["run_id", "epoch", "value", "study", "horizon"]);
        table.Epochs.ShouldBe([1, 2, 5]);
        table.Values.ShouldBe([0.3, 0.4, 0.6]);
        table.Studies.ShouldBe(["cifar", "cifar", "cifar"]);
        table.Horizons.ShouldBe([200, 200, 200]);
    }

    [Fact]
    public async Task DisposeAsync_WithoutComplete_LeavesNoFile()
    {
        string path = Path.Combine(_folder, "half.parquet");
        await using (var writer = await CurveTableWriter.CreateAsync(path, new CurveTableWriterOptions { RowGroupRows = 2 }, TestContext.Current.CancellationToken))
        {
            await writer.WriteCurveAsync("0", new float[] { 0.1f, 0.2f, 0.3f }, cancellationToken: TestContext.Current.CancellationToken);
        }
        Directory.GetFiles(_folder).ShouldBeEmpty();
    }

    [Fact]
    public async Task CompleteAsync_ExistingTarget_IsReplacedAndNoTemporaryFileRemains()
    {
        string path = Path.Combine(_folder, "again.parquet");
        await File.WriteAllTextAsync(path, "old", TestContext.Current.CancellationToken);
        await using (var writer = await CurveTableWriter.CreateAsync(path, cancellationToken: TestContext.Current.CancellationToken))
        {
            await writer.WriteCurveAsync("a", new float[] { 0.5f }, cancellationToken: TestContext.Current.CancellationToken);
            await writer.CompleteAsync(TestContext.Current.CancellationToken);
        }
        Directory.GetFiles(_folder).ShouldBe([path]);
        (await ReadAsync(path)).Values.ShouldBe([0.5]);
    }

    [Fact]
    public async Task CreateAsync_MissingFolder_ThrowsNamingIt()
    {
        var ex = await Should.ThrowAsync<DirectoryNotFoundException>(() => CurveTableWriter.CreateAsync(Path.Combine(_folder, "nope", "x.parquet")));
        ex.Message.ShouldContain("nope");
    }

    [Fact]
    public void Validate_RowGroupRowsZero_Throws()
    {
        Should.Throw<InvalidInputException>(new CurveTableWriterOptions { RowGroupRows = 0 }.Validate).Message
            .ShouldBe("Invalid CurveTableWriterOptions: Property RowGroupRows: must be in [1, 100000000]; was 0.");
    }

    internal sealed record Table(string[] Schema, int RowGroups, string[] RunIds, int[] Epochs, double[] Values, string[] Studies, int[] Horizons);

    internal static async Task<Table> ReadAsync(string path)
    {
        await using var reader = await ParquetReader.CreateAsync(path);
        var fields = reader.Schema.GetDataFields();
        var runIds = new List<string>();
        var epochs = new List<int>();
        var values = new List<double>();
        var studies = new List<string>();
        var horizons = new List<int>();
        for (int g = 0; g < reader.RowGroupCount; g++)
        {
            var group = reader.OpenRowGroupReader(g);
            int n = (int)group.RowCount;
            var s = new string?[n];
            await group.ReadAsync(Field(fields, "run_id"), s.AsMemory());
            runIds.AddRange(s.Select(x => x!));
            var e = new int[n];
            await group.ReadAsync<int>(Field(fields, "epoch"), e.AsMemory());
            epochs.AddRange(e);
            var v = new double[n];
            await group.ReadAsync<double>(Field(fields, "value"), v.AsMemory());
            values.AddRange(v);
            if (fields.Any(f => f.Name == "study"))
            {
                var st = new string?[n];
                await group.ReadAsync(Field(fields, "study"), st.AsMemory());
                studies.AddRange(st.Select(x => x!));
            }
            if (fields.Any(f => f.Name == "horizon"))
            {
                var h = new int[n];
                await group.ReadAsync<int>(Field(fields, "horizon"), h.AsMemory());
                horizons.AddRange(h);
            }
        }
        return new Table(fields.Select(f => f.Name).ToArray(), reader.RowGroupCount, runIds.ToArray(), epochs.ToArray(), values.ToArray(), studies.ToArray(), horizons.ToArray());
    }

    private static DataField Field(DataField[] fields, string name) => fields.Single(f => f.Name == name);
}
