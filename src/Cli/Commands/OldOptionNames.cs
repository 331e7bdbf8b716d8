using System.CommandLine;

namespace LcPfn.Cli.Commands;

/// <summary>
/// Old spellings of renamed options (docs/cli.md, "Vocabulary"), so that scripts keep working: each is a hidden option
/// whose value the current option takes when only the old spelling is given. Giving both is an error.
/// </summary>
internal static class OldOptionNames
{
    /// <summary>Adds <paramref name="oldName"/> to <paramref name="command"/> as a hidden spelling of <paramref name="current"/>.</summary>
    /// <remarks>Call it once the command holds <paramref name="current"/>; a required option stays required under either spelling.</remarks>
    public static void AddOldName<T>(this Command command, Option<T> current, string oldName)
    {
        var old = new Option<T>(oldName)
        {
            Description = $"Old spelling of {current.Name}.",
            Hidden = true,
            Arity = current.Arity,
            AllowMultipleArgumentsPerToken = current.AllowMultipleArgumentsPerToken,
        };
        if (current.CustomParser is { } parser) old.CustomParser = parser;
        foreach (var validator in current.Validators) old.Validators.Add(validator);
        var fallback = current.DefaultValueFactory;
        bool required = current.Required;
        current.Required = false; // checked below under either spelling
        if (required) current.Description = $"{current.Description} (REQUIRED)";
        current.DefaultValueFactory = result =>
            result.GetResult(old) is { Implicit: false } ? result.GetValue(old)! : fallback is null ? default! : fallback(result);
        command.Options.Add(old);
        command.Validators.Add(result =>
        {
            bool hasCurrent = result.GetResult(current) is { Implicit: false };
            bool hasOld = result.GetResult(old) is { Implicit: false };
            if (hasCurrent && hasOld)
                result.AddError($"{current.Name} and its old spelling {oldName} are both given; give {current.Name} only.");
            else if (required && !hasCurrent && !hasOld)
                result.AddError($"Option '{current.Name}' is required.");
        });
    }
}
