using System.Text.Json.Nodes;
using LcPfn.Prior;
using LcPfn.Transformer.Checkpoints;
using LcPfn.Transformer.Model;
using LcPfn.Transformer.Runtime;
using LcPfn.Transformer.Tests.Model;
using Shouldly;
using static TorchSharp.torch;

namespace LcPfn.Transformer.Tests.Checkpoints;

[Collection("Torch")]
public sealed class ModelCheckpointTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "lcpfn-ckpt-" + Guid.NewGuid().ToString("N"));

    public ModelCheckpointTests() => TorchRuntime.Initialize(ComputeDevice.Cpu);

    public void Dispose()
    {
        if (Directory.Exists(_directory)) Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public void SaveLoad_Float32_IdenticalLogits()
    {
        using var model = LcPfnModelTests.RandomizedTinyModel();
        ModelCheckpoint.Save(_directory, model, Manifest(WeightPrecision.Float32));
        using var loaded = ModelCheckpoint.Load(_directory);
        using var scope = NewDisposeScope();
        (Forward(loaded.Model) - Forward(model)).abs().max().item<float>().ShouldBe(0f);
        loaded.Manifest.Preset.ShouldBe("tiny");
        loaded.Manifest.Summary!.CurvesSeen.ShouldBe(1234);
        loaded.Manifest.ParameterCount.ShouldBe(model.Options.ParameterCount);
        loaded.Distribution.Buckets.ShouldBe(1000);
    }

    [Fact]
    public void SaveLoad_Float16_CloseLogitsAndSmallerFile()
    {
        using var model = LcPfnModelTests.RandomizedTinyModel();
        ModelCheckpoint.Save(_directory, model, Manifest(WeightPrecision.Float16));
        long halfSize = new FileInfo(Path.Combine(_directory, ModelCheckpoint.WeightsFileName)).Length;
        using var loaded = ModelCheckpoint.Load(_directory);
        using var scope = NewDisposeScope();
        (Forward(loaded.Model) - Forward(model)).abs().max().item<float>().ShouldBeLessThan(0.05f);
        loaded.Model.parameters().First().dtype.ShouldBe(ScalarType.Float32);
        halfSize.ShouldBeLessThan(model.Options.ParameterCount * 3);
    }

    [Fact]
    public void Load_MissingFolder_ThrowsNamingIt() =>
        Should.Throw<InvalidInputException>(() => ModelCheckpoint.Load(_directory)).Message.ShouldContain("does not exist");

    [Fact]
    public void Load_MissingWeights_ThrowsNamingTheFile()
    {
        using var model = LcPfnModelTests.RandomizedTinyModel();
        ModelCheckpoint.Save(_directory, model, Manifest(WeightPrecision.Float32));
        File.Delete(Path.Combine(_directory, ModelCheckpoint.WeightsFileName));
        Should.Throw<InvalidInputException>(() => ModelCheckpoint.Load(_directory)).Message.ShouldContain("no model.dat");
    }

    [Fact]
    public void Load_ConfigDoesNotMatchWeights_ThrowsWithTheConfig()
    {
        using var model = LcPfnModelTests.RandomizedTinyModel();
        ModelCheckpoint.Save(_directory, model, Manifest(WeightPrecision.Float32));
        string json = Path.Combine(_directory, ModelCheckpoint.ManifestFileName);
        var node = JsonNode.Parse(File.ReadAllText(json))!;
        node["model"]!["feed_forward_size"] = 48;
        File.WriteAllText(json, node.ToJsonString());
        Should.Throw<InvalidInputException>(() => ModelCheckpoint.Load(_directory)).Message.ShouldContain("does not match model.json (E=32, L=2, heads=2, FFN=48");
    }

    [Fact]
    public void Load_TruncatedWeights_Throws()
    {
        using var model = LcPfnModelTests.RandomizedTinyModel();
        ModelCheckpoint.Save(_directory, model, Manifest(WeightPrecision.Float32));
        string weights = Path.Combine(_directory, ModelCheckpoint.WeightsFileName);
        var bytes = File.ReadAllBytes(weights);
        File.WriteAllBytes(weights, bytes[..(bytes.Length / 2)]);
        Should.Throw<InvalidInputException>(() => ModelCheckpoint.Load(_directory)).Message.ShouldContain("corrupt");
    }

    [Fact]
    public void Load_CorruptJson_ThrowsNamingTheFile()
    {
        Directory.CreateDirectory(_directory);
        File.WriteAllText(Path.Combine(_directory, ModelCheckpoint.ManifestFileName), "{ not json");
        Should.Throw<InvalidInputException>(() => ModelCheckpoint.Load(_directory)).Message.ShouldContain("model.json is not a valid model manifest");
    }

    [Fact]
    public void Load_BorderCountDoesNotMatchBuckets_Throws()
    {
        using var model = LcPfnModelTests.RandomizedTinyModel();
        ModelCheckpoint.Save(_directory, model, Manifest(WeightPrecision.Float32) with { Borders = [0, 0.5, 1] });
        Should.Throw<InvalidInputException>(() => ModelCheckpoint.Load(_directory)).Message.ShouldContain("1000 buckets but 3 borders");
    }

    [Fact]
    public void SaveLoad_ScheduleInputModel_WritesFormatVersion2AndKeepsTheLrEncoder()
    {
        using var model = ScheduleInputTests.TinyScheduleModel();
        ModelCheckpoint.Save(_directory, model, Manifest(WeightPrecision.Float32) with { Model = model.Options });
        JsonNode.Parse(File.ReadAllText(Path.Combine(_directory, ModelCheckpoint.ManifestFileName)))!["format_version"]!.GetValue<int>().ShouldBe(2);
        using var loaded = ModelCheckpoint.Load(_directory);
        loaded.Model.Options.ScheduleInput.ShouldBeTrue();
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var x = arange(1, 31, dtype: ScalarType.Float32).unsqueeze(1);
        var y = linspace(0.3, 0.7, 10).unsqueeze(1);
        var lr = (1 - x / 30).to(ScalarType.Float32);
        var mask = PfnAttentionMask.Create(30, 10);
        (loaded.Model.Forward(x, y, lr, mask) - model.Forward(x, y, lr, mask)).abs().max().item<float>().ShouldBe(0f);
    }

    [Fact]
    public void Save_ModelWithoutScheduleInput_StaysFormatVersion1_AndAClaimedScheduleInputInVersion1IsRefused()
    {
        using var model = LcPfnModelTests.RandomizedTinyModel();
        ModelCheckpoint.Save(_directory, model, Manifest(WeightPrecision.Float32));
        string path = Path.Combine(_directory, ModelCheckpoint.ManifestFileName);
        var json = JsonNode.Parse(File.ReadAllText(path))!;
        json["format_version"]!.GetValue<int>().ShouldBe(1);
        json["model"]!["schedule_input"] = true;
        File.WriteAllText(path, json.ToJsonString());
        Should.Throw<InvalidInputException>(() => ModelCheckpoint.ReadManifest(_directory)).Message.ShouldContain("schedule_input needs format_version 2");
    }

    private static ModelManifest Manifest(string dtype) => new()
    {
        Preset = "tiny",
        Model = ModelOptions.FromPreset("tiny"),
        Borders = [.. Enumerable.Range(0, 1001).Select(i => i / 1000.0)],
        WeightsDtype = dtype,
        Summary = new TrainingSummary { CurvesSeen = 1234, Steps = 12, Device = "cpu" },
    };

    private static Tensor Forward(LcPfnModel model)
    {
        using var noGrad = no_grad();
        var x = arange(1, 31, dtype: ScalarType.Float32).unsqueeze(1);
        var y = linspace(0.3, 0.7, 10).unsqueeze(1);
        return model.call(x, y, PfnAttentionMask.Create(30, 10));
    }
}
