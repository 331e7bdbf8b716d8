using LcPfn.Prior.Batches;
using Shouldly;

namespace LcPfn.Prior.Tests.Batches;

public sealed class PriorBatchSamplerTests
{
    private static readonly CurvePrior Prior = new(CurvePriorOptions.Default);

    [Fact]
    public void Sample_DefaultOptions_IsSequenceFirstTransposeOfThePriorCurves()
    {
        var sampler = new PriorBatchSampler(Prior, new PriorBatchOptions(), seed: 17);
        var batch = sampler.Sample(3);
        batch.SequenceLength.ShouldBe(100);
        batch.BatchSize.ShouldBe(100);
        var curves = new float[100 * 100];
        Prior.Sample(17, 300, 100, curves);
        for (int s = 0; s < 100; s++)
        {
            for (int b = 0; b < 100; b++)
            {
                batch.X[s * 100 + b].ShouldBe(s + 1f);
                batch.Y[s * 100 + b].ShouldBe(curves[b * 100 + s]);
            }
        }
    }

    [Fact]
    public void Sample_PerBatch_OneCutoffSharedByAllCurvesAndUniformOverOneToSMinusOne()
    {
        var sampler = new PriorBatchSampler(Prior, new PriorBatchOptions { BatchSize = 2 }, seed: 1);
        var seen = new HashSet<int>();
        for (int k = 0; k < 3_000; k++)
        {
            var batch = sampler.Sample(k);
            batch.Cutoffs.ShouldAllBe(c => c == batch.Cutoff);
            seen.Add(batch.Cutoff);
        }
        seen.Min().ShouldBe(1);
        seen.Max().ShouldBe(99);
        seen.Count.ShouldBe(99);
    }

    [Fact]
    public void Sample_PerCurve_CutoffsDifferWithinABatch()
    {
        var sampler = new PriorBatchSampler(Prior, new PriorBatchOptions { Cutoff = CutoffMode.PerCurve }, seed: 1);
        var batch = sampler.Sample(0);
        batch.Cutoffs.Distinct().Count().ShouldBeGreaterThan(50);
        batch.Cutoffs.ShouldAllBe(c => c >= 1 && c <= 99);
        batch.Cutoff.ShouldBe(batch.Cutoffs[0]);
    }

    [Fact]
    public void Sample_SameIndexAnyThreadsAnyOrder_GivesIdenticalBatches()
    {
        var one = new PriorBatchSampler(Prior, new PriorBatchOptions { BatchSize = 1_200, Threads = 1 }, seed: 8);
        var eight = new PriorBatchSampler(Prior, new PriorBatchOptions { BatchSize = 1_200, Threads = 8 }, seed: 8);
        var late = eight.Sample(5);
        var early = one.Sample(5);
        early.Y.AsSpan().SequenceEqual(late.Y).ShouldBeTrue();
        early.Cutoffs.ShouldBe(late.Cutoffs);
    }

    [Fact]
    public void Sample_DifferentBatchIndexes_GiveDifferentCurves()
    {
        var sampler = new PriorBatchSampler(Prior, new PriorBatchOptions { BatchSize = 10 }, seed: 8);
        sampler.Sample(0).Y.AsSpan().SequenceEqual(sampler.Sample(1).Y).ShouldBeFalse();
    }

    [Fact]
    public void Constructor_InvalidOptions_ReportsEveryProblem()
    {
        var ex = Should.Throw<InvalidInputException>(() => new PriorBatchSampler(Prior, new PriorBatchOptions { BatchSize = 0, Threads = -1 }, 1));
        ex.Message.ShouldBe("Invalid PriorBatchOptions: Property BatchSize: must be in [1, 1000000]; was 0; Property Threads: must be >= 0 (0 = all cores); was -1.");
    }
}
