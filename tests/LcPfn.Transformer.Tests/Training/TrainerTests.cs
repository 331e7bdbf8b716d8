using LcPfn.Prior;
using LcPfn.Prior.Schedules;
using LcPfn.Transformer.Checkpoints;
using LcPfn.Transformer.Model;
using LcPfn.Transformer.Runtime;
using LcPfn.Transformer.Training;
using Shouldly;

namespace LcPfn.Transformer.Tests.Training;

[Collection("Torch")]
public sealed class TrainerTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "lcpfn-train-" + Guid.NewGuid().ToString("N"));

    public TrainerTests() => TorchRuntime.Initialize(ComputeDevice.Cpu);

    public void Dispose()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    private static TrainingOptions TinyRecipe(long curves) => new()
    {
        Model = ModelOptions.FromPreset("tiny") with { Dropout = 0.1 },
        Preset = "tiny",
        Curves = curves,
        BatchSize = 16,
        LearningRate = 3e-3,
        WarmupFraction = 0.05,
        Device = ComputeDevice.Cpu,
        Threads = 1,
        SamplerThreads = 1,
        CheckpointEvery = 100,
        ValidationBatches = 8,
        BorderCurves = 400,
        Seed = 42,
        MixedPrecision = false,                                                         // the same arithmetic on every CPU
    };

    [Fact]
    public void Run_TinyPresetTwoHundredSteps_LowersHeldOutNllClearly()
    {
        string dir = Path.Combine(_root, "nll");
        var prior = new SyntheticPrior(30);
        var recipe = TinyRecipe(200 * 16);
        var first = new Trainer(recipe, prior) { StopAfterStep = 1 }.Run(dir, resume: false, TestContext.Current.CancellationToken);
        var progress = new List<TrainingProgress>();
        var last = new Trainer(recipe, prior, progress.Add).Run(dir, resume: true, TestContext.Current.CancellationToken);

        last.Steps.ShouldBe(200);
        first.HeldOutNll.ShouldNotBeNull();
        last.HeldOutNll.ShouldNotBeNull();
        last.HeldOutNll.Value.ShouldBeLessThan(first.HeldOutNll.Value - 0.5);
        progress.ShouldContain(p => p.HeldOutNll != null);
        using var loaded = ModelCheckpoint.Load(dir);
        loaded.Manifest.Summary!.Steps.ShouldBe(200);
        loaded.Manifest.Summary.CurvesSeen.ShouldBe(3200);
        loaded.Manifest.Summary.HeldOutNll.ShouldBe(last.HeldOutNll);
    }

    [Fact]
    public void Run_FromInitialModel_ContinuesItsWeightsBordersAndCurveCount()
    {
        var prior = new SyntheticPrior(30);
        string first = Path.Combine(_root, "first"), continued = Path.Combine(_root, "continued");
        var trained = new Trainer(TinyRecipe(100 * 16), prior).Run(first, resume: false, TestContext.Current.CancellationToken);
        // One step at a negligible learning rate: the held-out NLL is the initial model's, not a fresh model's.
        var next = new Trainer(TinyRecipe(16) with { InitialModel = first, LearningRate = 1e-9 }, prior)
            .Run(continued, resume: false, TestContext.Current.CancellationToken);

        next.HeldOutNll!.Value.ShouldBe(trained.HeldOutNll!.Value, 0.01);
        using var start = ModelCheckpoint.Load(first);
        using var end = ModelCheckpoint.Load(continued);
        end.Manifest.Borders.ShouldBe(start.Manifest.Borders);
        end.Manifest.Summary!.CurvesSeen.ShouldBe(100 * 16 + 16);
        end.Manifest.Training!["initial_model"]!.GetValue<string>().ShouldBe(first);
        var status = TrainingRunStatus.Read(continued);
        (status.CurvesSeen, status.InitialCurvesSeen).ShouldBe((100L * 16 + 16, 100L * 16));
        status.CurvesPerSecond.ShouldBe(16 / status.Seconds, 1e-9);                     // this run's curves only

        var otherArchitecture = TinyRecipe(16) with { InitialModel = first, Model = ModelOptions.FromPreset("tiny") with { ScheduleInput = true } };
        Should.Throw<InvalidInputException>(() => new Trainer(otherArchitecture, prior).Run(Path.Combine(_root, "other"), resume: false, TestContext.Current.CancellationToken))
            .Message.ShouldContain("another architecture");
    }

    [Fact]
    public void Run_StoppedAndResumed_SameWeightsAsUninterrupted()
    {
        var prior = new SyntheticPrior(20);
        var recipe = TinyRecipe(30 * 16) with { CheckpointEvery = 7, ValidationBatches = 1 };
        string straight = Path.Combine(_root, "straight"), resumed = Path.Combine(_root, "resumed");
        new Trainer(recipe, prior).Run(straight, resume: false, TestContext.Current.CancellationToken);
        new Trainer(recipe, prior) { StopAfterStep = 12 }.Run(resumed, resume: false, TestContext.Current.CancellationToken);
        new Trainer(recipe, prior).Run(resumed, resume: true, TestContext.Current.CancellationToken);

        File.ReadAllBytes(Path.Combine(resumed, ModelCheckpoint.WeightsFileName))
            .ShouldBe(File.ReadAllBytes(Path.Combine(straight, ModelCheckpoint.WeightsFileName)));
    }

    [Fact]
    public void Run_QuerySubsetOnSchedulePrior_LearnsAndResumesBitExactly()
    {
        var prior = new ScheduledPriorTrainingSource(new ScheduleCurvePriorOptions { Horizon = 20 });
        var recipe = TinyRecipe(40 * 16) with
        {
            Model = ModelOptions.FromPreset("tiny") with { Dropout = 0.1, ScheduleInput = true },
            QueryPositions = 4,
            CheckpointEvery = 9,
            ValidationBatches = 2,
        };
        string straight = Path.Combine(_root, "q-straight"), resumed = Path.Combine(_root, "q-resumed");
        var first = new Trainer(recipe, prior) { StopAfterStep = 1 }.Run(resumed, resume: false, TestContext.Current.CancellationToken);
        var last = new Trainer(recipe, prior).Run(resumed, resume: true, TestContext.Current.CancellationToken);
        new Trainer(recipe, prior).Run(straight, resume: false, TestContext.Current.CancellationToken);

        last.HeldOutNll!.Value.ShouldBeLessThan(first.HeldOutNll!.Value);
        File.ReadAllBytes(Path.Combine(resumed, ModelCheckpoint.WeightsFileName))
            .ShouldBe(File.ReadAllBytes(Path.Combine(straight, ModelCheckpoint.WeightsFileName)));
        using var loaded = ModelCheckpoint.Load(resumed);
        loaded.Model.Options.ScheduleInput.ShouldBeTrue();
        loaded.Manifest.Prior!["name"]!.GetValue<string>().ShouldBe(ScheduleCurvePriorOptions.PresetName);
    }

    [Fact]
    public void Status_OfAnInterruptedThenFinishedRun_TellsWhereItStands()
    {
        var prior = new SyntheticPrior(12);
        var recipe = TinyRecipe(10 * 16) with { CheckpointEvery = 4, ValidationBatches = 1 };
        string dir = Path.Combine(_root, "status");
        Should.Throw<InvalidInputException>(() => TrainingRunStatus.Read(dir)).Message.ShouldContain("holds no training run");
        new Trainer(recipe, prior) { StopAfterStep = 6 }.Run(dir, resume: false, TestContext.Current.CancellationToken);
        var partway = TrainingRunStatus.Read(dir);
        (partway.Step, partway.TotalSteps, partway.CurvesSeen, partway.Finished).ShouldBe((6L, 10L, 96L, false));
        partway.EtaSeconds.ShouldBeGreaterThan(0);
        new Trainer(recipe, prior).Run(dir, resume: true, TestContext.Current.CancellationToken);
        var done = TrainingRunStatus.Read(dir);
        (done.Step, done.Finished, done.EtaSeconds, done.Preset).ShouldBe((10L, true, 0.0, "tiny"));
        done.HeldOutNll.ShouldNotBeNull();
    }

    [Fact]
    public void Run_ExistingRunWithoutResume_Throws()
    {
        var prior = new SyntheticPrior(20);
        var recipe = TinyRecipe(2 * 16) with { ValidationBatches = 0 };
        string dir = Path.Combine(_root, "twice");
        new Trainer(recipe, prior).Run(dir, resume: false, TestContext.Current.CancellationToken);
        Should.Throw<InvalidInputException>(() => new Trainer(recipe, prior).Run(dir, resume: false, TestContext.Current.CancellationToken)).Message.ShouldContain("--resume");
        Should.Throw<InvalidInputException>(() => new Trainer(recipe with { LearningRate = 1e-3 }, prior).Run(dir, resume: true, TestContext.Current.CancellationToken)).Message.ShouldContain("different recipe");
    }

    [Fact]
    public void Run_ResumedOnAnotherMixtureOfThePrior_Throws()
    {
        var recipe = TinyRecipe(3 * 16) with { Model = ModelOptions.FromPreset("tiny") with { ScheduleInput = true }, ValidationBatches = 0 };
        var trained = new ScheduledPriorTrainingSource(new ScheduleCurvePriorOptions { Horizon = 20 });
        var other = new ScheduledPriorTrainingSource(new ScheduleCurvePriorOptions { Horizon = 20, LcPfnShare = 0.8, HiddenScheduleShare = 0 });
        string dir = Path.Combine(_root, "mixture");
        new Trainer(recipe, trained) { StopAfterStep = 1 }.Run(dir, resume: false, TestContext.Current.CancellationToken);

        var error = Should.Throw<InvalidInputException>(() => new Trainer(recipe, other).Run(dir, resume: true, TestContext.Current.CancellationToken));
        error.Message.ShouldContain("another prior");
        error.Message.ShouldContain("\"lc_pfn_share\":0.8");
        new Trainer(recipe, trained).Run(dir, resume: true, TestContext.Current.CancellationToken).Steps.ShouldBe(3);
    }

    [Fact]
    public void Run_MixedPrecisionOnCpu_FiniteLossAndFp32Weights()
    {
        var prior = new SyntheticPrior(20);
        var recipe = TinyRecipe(10 * 16) with { MixedPrecision = true, ValidationBatches = 2 };
        string dir = Path.Combine(_root, "bf16");
        var result = new Trainer(recipe, prior).Run(dir, resume: false, TestContext.Current.CancellationToken);
        double.IsFinite(result.FinalLoss).ShouldBeTrue();
        result.Device.ShouldBe("cpu bf16");
        using var loaded = ModelCheckpoint.Load(dir);
        loaded.Manifest.Summary!.Device.ShouldBe("cpu bf16");
    }

    [Fact]
    public void Validate_BadOptions_ListsEveryProblem()
    {
        var recipe = new TrainingOptions { BatchSize = 0, LearningRate = 0, CheckpointEvery = 0 };
        Should.Throw<InvalidInputException>(recipe.Validate).Message.ShouldBe(
            "Invalid training options: Property BatchSize: must be in [1, 100000]; was 0; Property LearningRate: must be in (0, 1]; was 0; Property CheckpointEvery: must be at least 1; was 0");
    }
}
