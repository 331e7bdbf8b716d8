using Parquet;
using Parquet.Schema;

namespace LcPfn.Prior.Data;

/// <summary>
/// A Parquet file that appears under its name only when it is complete. The data goes to a hidden temporary file in
/// the target's folder (<c>.name.GUID.tmp</c>, so the rename stays on one file system); <see cref="CommitAsync"/>
/// writes the footer, flushes to disk and renames it over the target. Disposing without committing, or a commit that
/// fails, deletes the temporary file and leaves an existing target as it was. Every Parquet writer of LcPfn
/// (curve tables, prediction tables, rejected-run tables) writes through this class.
/// </summary>
public sealed class AtomicParquetFile : IAsyncDisposable
{
    private readonly FileStream _stream;
    private bool _committed;
    private bool _disposed;

    private AtomicParquetFile(string path, string temporaryPath, FileStream stream, ParquetWriter writer)
    {
        Path = path;
        TemporaryPath = temporaryPath;
        _stream = stream;
        Writer = writer;
    }

    /// <summary>The full path the file ends up at.</summary>
    public string Path { get; }

    /// <summary>The temporary file being written (beside <see cref="Path"/>).</summary>
    public string TemporaryPath { get; }

    /// <summary>The Parquet writer over the temporary file; write row groups to it.</summary>
    public ParquetWriter Writer { get; }

    /// <summary>Opens a temporary file beside <paramref name="path"/> and a Parquet writer with <paramref name="schema"/> on it.</summary>
    /// <param name="path">The target file; its folder must exist. An existing file is replaced only by <see cref="CommitAsync"/>.</param>
    /// <param name="schema">The table's schema.</param>
    /// <param name="options">Parquet.Net options (compression, pool limits).</param>
    /// <param name="bufferSize">The file stream's buffer, in bytes.</param>
    /// <param name="cancellationToken">Cancels writing the file header.</param>
    /// <exception cref="DirectoryNotFoundException">The target folder does not exist.</exception>
    public static async Task<AtomicParquetFile> CreateAsync(string path, ParquetSchema schema, ParquetOptions options, int bufferSize = 1 << 16, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(options);
        string full = System.IO.Path.GetFullPath(path);
        string folder = System.IO.Path.GetDirectoryName(full)!;
        if (!Directory.Exists(folder)) throw new DirectoryNotFoundException($"Output folder does not exist: {folder}");
        string temporary = System.IO.Path.Combine(folder, $".{System.IO.Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, bufferSize, FileOptions.Asynchronous);
        try
        {
            var writer = await ParquetWriter.CreateAsync(schema, stream, options, append: false, cancellationToken).ConfigureAwait(false);
            return new AtomicParquetFile(full, temporary, stream, writer);
        }
        catch
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            TryDelete(temporary);
            throw;
        }
    }

    /// <summary>
    /// Writes the footer, flushes the file to disk and renames it to <see cref="Path"/> (replacing a file there). On
    /// failure the temporary file is deleted and the target is left as it was.
    /// </summary>
    /// <exception cref="InvalidOperationException">Already committed.</exception>
    public async Task CommitAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_committed) throw new InvalidOperationException($"The Parquet file {Path} is already committed.");
        try
        {
            cancellationToken.ThrowIfCancellationRequested();
            await Writer.DisposeAsync().ConfigureAwait(false);
            await _stream.FlushAsync(cancellationToken).ConfigureAwait(false);
            _stream.Flush(flushToDisk: true);
            await _stream.DisposeAsync().ConfigureAwait(false);
            File.Move(TemporaryPath, Path, overwrite: true);
            _committed = true;
        }
        catch
        {
            await DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Closes the file; without a successful <see cref="CommitAsync"/> the temporary file is deleted.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed) return;
        _disposed = true;
        if (_committed) return;
        // An abandoned file needs no footer: closing the stream at once lets an interrupted run (Ctrl+C) clean up
        // within its short grace period.
        await _stream.DisposeAsync().ConfigureAwait(false);
        TryDelete(TemporaryPath);
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Leave it: the name is hidden, ends in .tmp and never shadows a real output.
        }
        catch (UnauthorizedAccessException)
        {
            // Same.
        }
    }
}
