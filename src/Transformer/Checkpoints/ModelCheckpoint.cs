using System.Text.Json;
using System.Text.Json.Serialization;
using LcPfn.Prior;
using LcPfn.Transformer.Distributions;
using LcPfn.Transformer.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace LcPfn.Transformer.Checkpoints;

/// <summary>
/// A model folder: <c>model.dat</c> (TorchSharp weights, fp32 or fp16) next to <c>model.json</c>
/// (<see cref="ModelManifest"/>). Writes are atomic per file (temporary file + rename, weights first); the loader
/// checks the JSON, then the weights against it, and reports any problem as an <see cref="InvalidInputException"/>.
/// </summary>
public static class ModelCheckpoint
{
    /// <summary>The weights file name.</summary>
    public const string WeightsFileName = "model.dat";

    /// <summary>The manifest file name.</summary>
    public const string ManifestFileName = "model.json";

    /// <summary>JSON settings of model.json (snake_case, indented).</summary>
    public static JsonSerializerOptions JsonOptions { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>Writes the weights (in the manifest's <see cref="ModelManifest.WeightsDtype"/>) and the manifest into <paramref name="directory"/>.</summary>
    /// <param name="directory">Created if missing; existing files are replaced atomically.</param>
    /// <param name="model">The model (left unchanged, on its device and dtype).</param>
    /// <param name="manifest">The manifest; its parameter count is filled in.</param>
    public static void Save(string directory, LcPfnModel model, ModelManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(manifest);
        Directory.CreateDirectory(directory);
        string weights = Path.Combine(directory, WeightsFileName);
        string weightsTemp = weights + ".tmp";
        using (var stream = File.Create(weightsTemp))
        using (var writer = new BinaryWriter(stream))
        {
            SaveWeights(model, writer, manifest.WeightsDtype == WeightPrecision.Float16 ? ScalarType.Float16 : ScalarType.Float32);
        }
        File.Move(weightsTemp, weights, overwrite: true);
        WriteJsonAtomically(Path.Combine(directory, ManifestFileName), manifest with
        {
            ParameterCount = manifest.Model.ParameterCount,
            FormatVersion = ModelManifest.FormatVersionFor(manifest.Model),
        });
    }

    /// <summary>Writes a JSON document to a temporary file, then renames it over <paramref name="path"/>.</summary>
    public static void WriteJsonAtomically<T>(string path, T value)
    {
        string temp = path + ".tmp";
        File.WriteAllText(temp, JsonSerializer.Serialize(value, JsonOptions));
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>Reads and checks model.json only (no weights).</summary>
    /// <exception cref="InvalidInputException">Missing, unreadable or inconsistent manifest; the message names the file.</exception>
    public static ModelManifest ReadManifest(string directory)
    {
        string path = Path.Combine(directory, ManifestFileName);
        if (!Directory.Exists(directory))
            throw new InvalidInputException($"Model folder {directory} does not exist; pass --model with a folder that holds {ManifestFileName} and {WeightsFileName}.");
        if (!File.Exists(path))
            throw new InvalidInputException($"Model folder {directory} has no {ManifestFileName}; it is not a model folder (expected {ManifestFileName} and {WeightsFileName}).");
        ModelManifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<ModelManifest>(File.ReadAllText(path), JsonOptions);
        }
        catch (JsonException ex)
        {
            throw new InvalidInputException($"{path} is not a valid model manifest: {ex.Message}", ex);
        }
        if (manifest?.Model is null || manifest.Borders is null)
            throw new InvalidInputException($"{path} is not a valid model manifest: 'model' and 'borders' are required.");
        if (manifest.FormatVersion is < ModelManifest.FirstFormatVersion or > ModelManifest.CurrentFormatVersion)
            throw new InvalidInputException($"{path} has format_version {manifest.FormatVersion}; this LcPfn reads versions {ModelManifest.FirstFormatVersion} to {ModelManifest.CurrentFormatVersion}.");
        if (manifest.Model.ScheduleInput && manifest.FormatVersion < ModelManifest.ScheduleInputFormatVersion)
            throw new InvalidInputException($"{path}: schedule_input needs format_version {ModelManifest.ScheduleInputFormatVersion}; the file says {manifest.FormatVersion}.");
        try
        {
            manifest.Model.Validate();
            _ = new BarDistribution(manifest.Borders);
        }
        catch (InvalidInputException ex)
        {
            throw new InvalidInputException($"{path}: {ex.Message}", ex);
        }
        if (manifest.Borders.Length != manifest.Model.Buckets + 1)
            throw new InvalidInputException($"{path}: the model has {manifest.Model.Buckets} buckets but {manifest.Borders.Length} borders (expected {manifest.Model.Buckets + 1}).");
        if (manifest.WeightsDtype is not (WeightPrecision.Float32 or WeightPrecision.Float16))
            throw new InvalidInputException($"{path}: weights_dtype '{manifest.WeightsDtype}' is not float32 or float16.");
        return manifest;
    }

    /// <summary>Loads a model folder onto the CPU in fp32, in eval mode.</summary>
    /// <exception cref="InvalidInputException">A missing or corrupt file, or weights that do not match model.json.</exception>
    public static LoadedModel Load(string directory)
    {
        var manifest = ReadManifest(directory);
        string weights = Path.Combine(directory, WeightsFileName);
        if (!File.Exists(weights))
            throw new InvalidInputException($"Model folder {directory} has {ManifestFileName} but no {WeightsFileName}.");
        var model = manifest.Model.CreateModel();
        try
        {
            using var stream = File.OpenRead(weights);
            using var reader = new BinaryReader(stream);
            LoadWeights(model, reader, manifest.WeightsDtype == WeightPrecision.Float16 ? ScalarType.Float16 : ScalarType.Float32);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            model.Dispose();
            var m = manifest.Model;
            throw new InvalidInputException(
                $"{weights} does not match {ManifestFileName} (E={m.EmbeddingSize}, L={m.Layers}, heads={m.Heads}, FFN={m.FeedForwardSize}, K={m.Buckets}, {manifest.WeightsDtype}) or is corrupt: {ex.Message}", ex);
        }
        model.eval();
        return new LoadedModel(model, manifest, new BarDistribution(manifest.Borders));
    }

    /// <summary>Writes the state dict in the given precision without changing the model.</summary>
    internal static void SaveWeights(LcPfnModel model, BinaryWriter writer, ScalarType dtype)
    {
        using var scope = NewDisposeScope();
        var state = model.state_dict();
        var converted = new Dictionary<string, Tensor>(state.Count);
        foreach (var (key, value) in state) converted[key] = value.detach().to(dtype, CPU);
        nn.Module.save_state_dict(writer, converted);
    }

    /// <summary>Reads a state dict stored in <paramref name="dtype"/> into the fp32 model (strict: names, count and shapes).</summary>
    internal static void LoadWeights(LcPfnModel model, BinaryReader reader, ScalarType dtype)
    {
        if (dtype == ScalarType.Float32)
        {
            model.load(reader, strict: true);
            return;
        }
        using var scope = NewDisposeScope();
        using var shadow = model.Options.CreateModel();
        shadow.to(dtype);
        shadow.load(reader, strict: true);
        using var noGrad = no_grad();
        var target = model.state_dict();
        foreach (var (key, value) in shadow.state_dict()) target[key].copy_(value.to(ScalarType.Float32));
    }
}
