using LcPfn.Prior;

namespace LcPfn.Cli;

/// <summary>
/// The one behaviour for the files a command writes (docs/cli.md, "Output files"): the name's extension must be the
/// format written (no Parquet under a .csv name), and a missing folder is created.
/// </summary>
internal static class OutputPaths
{
    /// <summary>Checks that <paramref name="path"/> ends in <paramref name="extension"/>, creates its folder, and returns it.</summary>
    /// <param name="path">The file to write.</param>
    /// <param name="option">The option that named it, for the error (<c>--out</c>).</param>
    /// <param name="extension">The one extension of the format written: <c>.parquet</c> or <c>.png</c>.</param>
    /// <exception cref="InvalidInputException">The extension names another format.</exception>
    public static string PrepareFile(string path, string option, string extension)
    {
        if (!path.EndsWith(extension, StringComparison.OrdinalIgnoreCase))
            throw new InvalidInputException($"{option} '{path}' must end in {extension}: this command writes {extension} files only, and a file's name must say what it holds.");
        CreateFolderFor(path);
        return path;
    }

    /// <summary>Creates the folder that will hold <paramref name="path"/> when it is missing.</summary>
    public static void CreateFolderFor(string path)
    {
        string? folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(folder)) Directory.CreateDirectory(folder);
    }
}
