namespace LcPfn.Transformer.Inference;

/// <summary>
/// Where the default model lives: the folder named by the environment variable <c>LCPFN_MODEL</c> when set, else
/// the first <c>data/models/default</c> found walking up from the application folder (a checkout of the repository;
/// an app that references the LcPfn.Transformer package, whose build copies the model to
/// <c>&lt;output&gt;/data/models/default</c>; the <c>lcpfn</c> tool or a published <c>lcpfn</c>, which carry it), else
/// <c>&lt;app dir&gt;/data/models/default</c>. See docs/install.md.
/// </summary>
public static class ModelLocator
{
    /// <summary>The environment variable that overrides the default model folder.</summary>
    public const string EnvironmentVariable = "LCPFN_MODEL";

    /// <summary>The default model folder's path relative to a repository or app root.</summary>
    public static readonly string RelativeDefault = Path.Combine("data", "models", "default");

    /// <summary>The default model folder (see the class remarks); it may not exist.</summary>
    public static string DefaultModelDirectory => Resolve(Environment.GetEnvironmentVariable(EnvironmentVariable), AppContext.BaseDirectory);

    /// <summary>The rule behind <see cref="DefaultModelDirectory"/>, with its inputs explicit (for tests).</summary>
    /// <param name="overridePath">The value of <c>LCPFN_MODEL</c>, or null.</param>
    /// <param name="startDirectory">Where to start walking up.</param>
    public static string Resolve(string? overridePath, string startDirectory)
    {
        if (!string.IsNullOrWhiteSpace(overridePath)) return Path.GetFullPath(overridePath);
        for (var dir = new DirectoryInfo(startDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, RelativeDefault);
            if (Directory.Exists(candidate)) return candidate;
        }
        return Path.Combine(startDirectory, RelativeDefault);
    }
}
