using System.Text.Json;
using System.Text.Json.Serialization;

namespace LcPfn.Cli;

/// <summary>
/// Writes the one JSON object that a <c>--json</c> command prints as the last line of stdout
/// (snake_case field names, plain numbers).
/// </summary>
internal static class JsonOutput
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        WriteIndented = false,
    };

    public static void Write(TextWriter stdout, object value) => stdout.WriteLine(JsonSerializer.Serialize(value, value.GetType(), Options));

    /// <summary>Writes one object with the fields of <paramref name="first"/>, then those of <paramref name="more"/> (a later field of the same name wins).</summary>
    public static void Write(TextWriter stdout, object first, object more)
    {
        var merged = JsonSerializer.SerializeToNode(first, first.GetType(), Options)!.AsObject();
        foreach (var (name, value) in JsonSerializer.SerializeToNode(more, more.GetType(), Options)!.AsObject().ToList())
            merged[name] = value?.DeepClone();
        stdout.WriteLine(merged.ToJsonString(Options));
    }
}
