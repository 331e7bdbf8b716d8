namespace LcPfn.Tests;

/// <summary>Where tests find the repository and the shared real-curve data (../shared/data beside the checkout).</summary>
internal static class TestPaths
{
    /// <summary>The repository root: the first folder above the test binary that holds LcPfn.sln.</summary>
    public static string RepositoryRoot { get; } = FindRoot();

    /// <summary>../shared/data beside the checkout, as CI has it.</summary>
    public static string SharedData => Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared", "data"));

    /// <summary>A file under ../shared/data; fails the test with a clear message when it is missing.</summary>
    public static string SharedFile(string relative)
    {
        string path = Path.Combine(SharedData, relative);
        if (!File.Exists(path))
            throw new FileNotFoundException($"Shared test data is missing: {path}. Tests expect ../shared/data beside the checkout.", path);
        return path;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "LcPfn.sln"))) return dir.FullName;
        }
        throw new DirectoryNotFoundException($"LcPfn.sln not found above {AppContext.BaseDirectory}.");
    }
}
