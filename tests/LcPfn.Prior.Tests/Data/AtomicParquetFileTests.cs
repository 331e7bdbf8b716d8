using LcPfn.Prior.Data;
using Parquet;
using Parquet.Schema;
using Shouldly;

namespace LcPfn.Prior.Tests.Data;

/// <summary>
/// The atomic output is tested on what a reader of the folder sees: the target appears only complete, a failure at
/// any point leaves an existing target untouched, and no temporary file survives.
/// </summary>
public sealed class AtomicParquetFileTests : IDisposable
{
    private static readonly DataField<int> Field = new("x");
    private static readonly ParquetSchema Schema = new(Field);

    private readonly string _folder = Directory.CreateTempSubdirectory("lcpfn-atomic-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task CommitAsync_AfterRowGroups_TargetHoldsTheTableAndNoTemporaryFileRemains()
    {
        string path = Path.Combine(_folder, "t.parquet");
        await using (var file = await AtomicParquetFile.CreateAsync(path, Schema, new ParquetOptions(), cancellationToken: TestContext.Current.CancellationToken))
        {
            File.Exists(path).ShouldBeFalse("nothing appears under the target name before the commit");
            Path.GetDirectoryName(file.TemporaryPath).ShouldBe(_folder);
            await WriteAsync(file, [1, 2, 3]);
            await file.CommitAsync(TestContext.Current.CancellationToken);
        }
        Directory.GetFiles(_folder).ShouldBe([path]);
        (await ReadAsync(path)).ShouldBe([1, 2, 3]);
    }

    [Fact]
    public async Task DisposeAsync_FailureBeforeCommit_KeepsExistingTargetAndLeavesNoTemporaryFile()
    {
        string path = Path.Combine(_folder, "t.parquet");
        await File.WriteAllTextAsync(path, "old", TestContext.Current.CancellationToken);

        await Should.ThrowAsync<InvalidOperationException>(async () =>
        {
            await using var file = await AtomicParquetFile.CreateAsync(path, Schema, new ParquetOptions(), cancellationToken: TestContext.Current.CancellationToken);
            await WriteAsync(file, [1, 2]);
            throw new InvalidOperationException("the job failed half-way");
        });

        Directory.GetFiles(_folder).ShouldBe([path]);
        (await File.ReadAllTextAsync(path, TestContext.Current.CancellationToken)).ShouldBe("old");
    }

    [Fact]
    public async Task CommitAsync_Cancelled_KeepsExistingTargetAndLeavesNoTemporaryFile()
    {
        string path = Path.Combine(_folder, "t.parquet");
        await File.WriteAllTextAsync(path, "old", TestContext.Current.CancellationToken);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await using (var file = await AtomicParquetFile.CreateAsync(path, Schema, new ParquetOptions(), cancellationToken: TestContext.Current.CancellationToken))
        {
            await WriteAsync(file, [1]);
            await Should.ThrowAsync<OperationCanceledException>(() => file.CommitAsync(cancelled.Token));
        }

        Directory.GetFiles(_folder).ShouldBe([path]);
        (await File.ReadAllTextAsync(path, TestContext.Current.CancellationToken)).ShouldBe("old");
    }

    [Fact]
    public async Task CommitAsync_Twice_Throws()
    {
        string path = Path.Combine(_folder, "t.parquet");
        await using var file = await AtomicParquetFile.CreateAsync(path, Schema, new ParquetOptions(), cancellationToken: TestContext.Current.CancellationToken);
        await file.CommitAsync(TestContext.Current.CancellationToken);
        (await Should.ThrowAsync<InvalidOperationException>(() => file.CommitAsync(TestContext.Current.CancellationToken))).Message.ShouldContain("already committed");
    }

    [Fact]
    public async Task CreateAsync_MissingFolder_ThrowsNamingItAndCreatesNothing()
    {
        var ex = await Should.ThrowAsync<DirectoryNotFoundException>(() => AtomicParquetFile.CreateAsync(Path.Combine(_folder, "nope", "x.parquet"), Schema, new ParquetOptions()));
        ex.Message.ShouldContain("nope");
        Directory.GetFileSystemEntries(_folder).ShouldBeEmpty();
    }

    private static async Task WriteAsync(AtomicParquetFile file, int[] values)
    {
        using var group = file.Writer.CreateRowGroup();
        await group.WriteAsync<int>(Field, values, cancellationToken: TestContext.Current.CancellationToken);
        group.CompleteValidate();
    }

    private static async Task<int[]> ReadAsync(string path)
    {
        await using var reader = await ParquetReader.CreateAsync(path);
        var group = reader.OpenRowGroupReader(0);
        var values = new int[group.RowCount];
        await group.ReadAsync<int>(reader.Schema.GetDataFields()[0], values.AsMemory());
        return values;
    }
}
