using System.Globalization;
using LcPfn.EarlyStop.Batch;
using LcPfn.EarlyStop.Tests.Fakes;
using LcPfn.Prior;
using LcPfn.Prior.Data;
using LcPfn.Prior.Prediction;
using Parquet;
using Parquet.Schema;
using Shouldly;

namespace LcPfn.EarlyStop.Tests.Batch;

public sealed class BatchExtrapolatorTests
{
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task RunAsync_SmallParquet_MatchesSingleRunPredictions()
    {
        using var temp = CurveFiles.TempFolder();
        var curves = CurveFiles.Curves(count: 40, horizon: 50, observed: 20);
        await CurveFiles.WriteParquetAsync(temp.File("in.parquet"), curves, rowGroupRows: 77);
        var fake = FakeExtrapolator.Drifting();
        var batch = new BatchExtrapolator(fake, new BatchExtrapolatorOptions { BatchSize = 7, RowGroupSize = 15 });

        var summary = await batch.RunAsync(temp.File("in.parquet"), temp.File("out.parquet"), cancellationToken: Ct);

        summary.Curves.ShouldBe(40);
        summary.RowsRejected.ShouldBe(0);
        summary.Predictions.ShouldBe(40);
        fake.CallSizes.Count.ShouldBe(6); // ceil(40 / 7) batched calls
        var table = await CurveFiles.ReadTableAsync(temp.File("out.parquet"));
        table.Keys.ShouldBe(["run_id", "study", "cutoff_epoch", "query_epoch", "horizon", "mean", "median", "q05", "q25", "q75", "q95"]);
        for (var i = 0; i < curves.Count; i++)
        {
            var c = curves[i];
            var single = FakeExtrapolator.Drifting().Extrapolate([new ExtrapolationRequest(c.RunId, c.Epochs, c.Values, c.Horizon, [c.Horizon])], Ct)[0][0];
            table["run_id"][i].ShouldBe(c.RunId);
            table["cutoff_epoch"][i].ShouldBe(20);
            table["query_epoch"][i].ShouldBe(50);
            ((double)table["mean"][i]!).ShouldBe(single.Mean, 1e-12);
            ((double)table["median"][i]!).ShouldBe(single.Median, 1e-12);
            ((double)table["q05"][i]!).ShouldBe(single.Quantile(0.05), 1e-12);
            ((double)table["q95"][i]!).ShouldBe(single.Quantile(0.95), 1e-12);
        }
        File.Exists(temp.File("out.rejected.parquet")).ShouldBeTrue();
        Directory.GetFiles(temp.Path).Select(Path.GetFileName).Order().ShouldBe(["in.parquet", "out.parquet", "out.rejected.parquet"]);
    }

    [Fact]
    public async Task RunAsync_TwoBatchesInFlight_WritesTheSameTableAsOne()
    {
        // The PFN's setting: a second batch in flight while one extrapolator call runs at a time. Rows keep the input
        // order and every value is the same as with one batch at a time.
        using var temp = CurveFiles.TempFolder();
        var curves = CurveFiles.Curves(count: 61, horizon: 40, observed: 25);
        await CurveFiles.WriteParquetAsync(temp.File("in.parquet"), curves, rowGroupRows: 90);
        var one = new OneCallAtATime();
        var two = new OneCallAtATime();
        var options = new BatchExtrapolatorOptions { BatchSize = 4, RowGroupSize = 10, CutoffFractions = [0.3, 0.6] };

        await new BatchExtrapolator(one, options with { MaxConcurrentBatches = 1 }).RunAsync(temp.File("in.parquet"), temp.File("one.parquet"), cancellationToken: Ct);
        await new BatchExtrapolator(two, options with { MaxConcurrentBatches = BatchExtrapolatorDefaults.PfnConcurrentBatches }).RunAsync(temp.File("in.parquet"), temp.File("two.parquet"), cancellationToken: Ct);

        var expected = await CurveFiles.ReadTableAsync(temp.File("one.parquet"));
        var actual = await CurveFiles.ReadTableAsync(temp.File("two.parquet"));
        expected["run_id"].Length.ShouldBe(61 * 2);
        actual.Keys.ShouldBe(expected.Keys);
        foreach (var column in expected.Keys)
            actual[column].ShouldBe(expected[column], column);
        two.Calls.ShouldBe(one.Calls);
    }

    /// <summary>A deterministic extrapolator that, like the PFN, lets one call in at a time.</summary>
    private sealed class OneCallAtATime : ICurveExtrapolator
    {
        private readonly FakeExtrapolator inner = FakeExtrapolator.Drifting();
        private readonly Lock gate = new();

        public string Name => inner.Name;

        public int Calls { get { lock (gate) return inner.CallSizes.Count; } }

        public IReadOnlyList<IReadOnlyList<IPredictiveDistribution>> Extrapolate(IReadOnlyList<ExtrapolationRequest> requests, CancellationToken cancellationToken = default)
        {
            lock (gate) return inner.Extrapolate(requests, cancellationToken);
        }
    }

    [Fact]
    public async Task RunAsync_EveryBadRowKind_GoesToRejectedFileWithReason()
    {
        using var temp = CurveFiles.TempFolder();
        CurveFiles.WriteLongCsv(temp.File("in.csv"), string.Join("\n",
            "good,1,0.1,10", "good,2,0.2,10",
            "nan,1,0.1,10", "nan,2,NaN,10",
            "posinf,1,inf,10",
            "neginf,1,0.1,10", "neginf,2,-Infinity,10",
            "dup,1,0.1,10", "dup,2,0.2,10", "dup,2,0.3,10",
            "unordered,1,0.1,10", "unordered,3,0.2,10", "unordered,2,0.3,10",
            "bounds,1,0.1,10", "bounds,2,1.5,10",
            "beyond,1,0.1,10", "beyond,11,0.2,10",
            "zero,0,0.1,10",
            "missing,1,,10",
            "text,1,abc,10",
            "horizon,1,0.1,10", "horizon,2,0.2,12",
            "refuse-me,1,0.1,10",
            "good2,1,0.3,10") + "\n");
        var batch = new BatchExtrapolator(FakeExtrapolator.Drifting(), new BatchExtrapolatorOptions { BatchSize = 64 });

        var summary = await batch.RunAsync(temp.File("in.csv"), temp.File("out.parquet"), cancellationToken: Ct);

        summary.Curves.ShouldBe(2);
        summary.RowsRejected.ShouldBe(12);
        var rejected = await CurveFiles.ReadTableAsync(temp.File("out.rejected.parquet"));
        var byRun = Enumerable.Range(0, rejected["run_id"].Length).ToDictionary(i => (string)rejected["run_id"][i]!, i => ((string)rejected["reason"][i]!, (int?)rejected["epoch"][i]));
        byRun.ShouldBe(new Dictionary<string, (string, int?)>
        {
            ["nan"] = (RejectionReasons.NanValue, 2),
            ["posinf"] = (RejectionReasons.InfiniteValue, 1),
            ["neginf"] = (RejectionReasons.InfiniteValue, 2),
            ["dup"] = (RejectionReasons.DuplicateEpoch, 2),
            ["unordered"] = (RejectionReasons.UnorderedEpochs, 2),
            ["bounds"] = (RejectionReasons.ValueOutOfBounds, 2),
            ["beyond"] = (RejectionReasons.EpochOutOfRange, 11),
            ["zero"] = (RejectionReasons.EpochOutOfRange, 0),
            ["missing"] = (RejectionReasons.MissingValue, 1),
            ["text"] = (RejectionReasons.UnparsableValue, 1),
            ["horizon"] = (RejectionReasons.InvalidHorizon, 2),
            ["refuse-me"] = (RejectionReasons.ModelRejected, null),
        });
        rejected["row"][0].ShouldBe(5L); // line 5 of the file holds nan's NaN
        var predictions = await CurveFiles.ReadTableAsync(temp.File("out.parquet"));
        predictions["run_id"].ShouldBe(["good", "good2"]);
    }

    [Fact]
    public async Task RunAsync_TruncatedParquet_FailsCleanlyAndLeavesNoOutput()
    {
        using var temp = CurveFiles.TempFolder();
        await CurveFiles.WriteParquetAsync(temp.File("full.parquet"), CurveFiles.Curves(30, 40, 40), rowGroupRows: 100);
        var bytes = await File.ReadAllBytesAsync(temp.File("full.parquet"), Ct);
        await File.WriteAllBytesAsync(temp.File("cut.parquet"), bytes[..(bytes.Length * 2 / 3)], Ct);
        var batch = new BatchExtrapolator(FakeExtrapolator.Drifting());

        var error = await Should.ThrowAsync<InvalidInputException>(() => batch.RunAsync(temp.File("cut.parquet"), temp.File("out.parquet"), cancellationToken: Ct));

        error.Message.ShouldContain("cut.parquet");
        error.Message.ShouldContain("corrupt or truncated");
        Directory.GetFiles(temp.Path).Select(Path.GetFileName).Order().ShouldBe(["cut.parquet", "full.parquet"]);
    }

    [Fact]
    public async Task RunAsync_CorruptRowGroupMidFile_KeepsPreviousOutputAndLeavesNoTempFiles()
    {
        using var temp = CurveFiles.TempFolder();
        await CurveFiles.WriteParquetAsync(temp.File("in.parquet"), CurveFiles.Curves(30, 40, 40), rowGroupRows: 100);
        var bytes = await File.ReadAllBytesAsync(temp.File("in.parquet"), Ct);
        for (var i = bytes.Length / 2; i < (bytes.Length / 2) + 400; i++) bytes[i] = 0xAB; // garbage inside a row group, footer intact
        await File.WriteAllBytesAsync(temp.File("in.parquet"), bytes, Ct);
        await File.WriteAllTextAsync(temp.File("out.parquet"), "previous", Ct);
        var batch = new BatchExtrapolator(FakeExtrapolator.Drifting(), new BatchExtrapolatorOptions { BatchSize = 4 });

        await Should.ThrowAsync<InvalidInputException>(() => batch.RunAsync(temp.File("in.parquet"), temp.File("out.parquet"), cancellationToken: Ct));

        (await File.ReadAllTextAsync(temp.File("out.parquet"), Ct)).ShouldBe("previous");
        Directory.GetFiles(temp.Path).Select(Path.GetFileName).Order().ShouldBe(["in.parquet", "out.parquet"]);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task RunAsync_NullableAndNarrowParquetColumns_ReadLikePlainOnes(bool numericRunIds)
    {
        // Nullable string (or int64) ids, nullable study, int32, float and int16 columns, nulls in each, runs split
        // across row groups of 7 rows.
        using var temp = CurveFiles.TempFolder();
        var curves = CurveFiles.Curves(count: 6, horizon: 30, observed: 9);
        var ids = curves.Select((c, r) => numericRunIds ? (r + 1).ToString(CultureInfo.InvariantCulture) : c.RunId).ToList();
        var rows = curves.SelectMany((c, r) => c.Epochs.Select((e, i) => (Run: (string?)ids[r], Study: r % 2 == 0 ? "s0" : null, Epoch: (int?)e, Value: (float?)c.Values[i]))).ToList();
        var holey = numericRunIds ? "100" : "holey";
        var noEpoch = numericRunIds ? "101" : "no-epoch";
        rows.Add((null, "s0", 1, 0.5f));                 // no run id
        rows.Add((holey, "s0", 1, 0.5f));
        rows.Add((holey, "s0", 2, null));                // no value at epoch 2
        rows.Add((noEpoch, null, 1, 0.5f));
        rows.Add((noEpoch, null, null, 0.6f));           // no epoch
        var run = numericRunIds ? (DataField)new DataField<long?>("run_id") : new DataField<string>("run_id", true);
        var study = new DataField<string>("study", true);
        var epoch = new DataField<int?>("epoch");
        var value = new DataField<float?>("value");
        var horizon = new DataField<short?>("horizon");
        var schema = new ParquetSchema(run, study, epoch, value, horizon);
        await using (var stream = File.Create(temp.File("in.parquet")))
        await using (var writer = await ParquetWriter.CreateAsync(schema, stream, cancellationToken: Ct))
        {
            foreach (var part in rows.Chunk(7))
            {
                using var group = writer.CreateRowGroup();
                if (numericRunIds) await group.WriteAsync<long>(run, part.Select(r => r.Run is null ? (long?)null : long.Parse(r.Run, CultureInfo.InvariantCulture)).ToArray().AsMemory(), cancellationToken: Ct);
                else await group.WriteAsync(run, part.Select(r => r.Run).ToArray());
                await group.WriteAsync(study, part.Select(r => r.Study).ToArray());
                await group.WriteAsync<int>(epoch, part.Select(r => r.Epoch).ToArray().AsMemory(), cancellationToken: Ct);
                await group.WriteAsync<float>(value, part.Select(r => r.Value).ToArray().AsMemory(), cancellationToken: Ct);
                await group.WriteAsync<short>(horizon, part.Select(r => (short?)30).ToArray().AsMemory(), cancellationToken: Ct);
            }
        }

        var summary = await new BatchExtrapolator(FakeExtrapolator.Drifting()).RunAsync(temp.File("in.parquet"), temp.File("out.parquet"), cancellationToken: Ct);

        summary.Curves.ShouldBe(curves.Count);
        var rejected = await CurveFiles.ReadTableAsync(temp.File("out.rejected.parquet"));
        Enumerable.Range(0, rejected["run_id"].Length).Select(i => ((string)rejected["run_id"][i]!, (string)rejected["reason"][i]!, (long?)rejected["row"][i]))
            .ShouldBe([("", RejectionReasons.MissingRunId, 55L), (holey, RejectionReasons.MissingValue, 57L), (noEpoch, RejectionReasons.MissingValue, 59L)]);
        var table = await CurveFiles.ReadTableAsync(temp.File("out.parquet"));
        for (var i = 0; i < curves.Count; i++)
        {
            var c = curves[i];
            var values = c.Values.Select(v => (double)(float)v).ToArray();
            var single = FakeExtrapolator.Drifting().Extrapolate([new ExtrapolationRequest(ids[i], c.Epochs, values, 30, [30])], Ct)[0][0];
            table["run_id"][i].ShouldBe(ids[i]);
            table["study"][i].ShouldBe(i % 2 == 0 ? "s0" : LearningCurve.DefaultStudy);
            table["cutoff_epoch"][i].ShouldBe(9);
            ((double)table["mean"][i]!).ShouldBe(single.Mean, 1e-12);
        }
    }

    [Fact]
    public async Task RunAsync_WideCsvAndLongParquet_GiveSamePredictions()
    {
        using var temp = CurveFiles.TempFolder();
        var curves = CurveFiles.Curves(25, 30, 12);
        await CurveFiles.WriteParquetAsync(temp.File("long.parquet"), curves);
        CurveFiles.WriteWideCsv(temp.File("wide.csv"), curves, horizon: 30);
        var options = new BatchExtrapolatorOptions { CutoffFractions = [0.2, 0.4], AllEpochs = true, Best = 0.6 };

        await new BatchExtrapolator(FakeExtrapolator.Drifting(), options).RunAsync(temp.File("long.parquet"), temp.File("a.parquet"), cancellationToken: Ct);
        await new BatchExtrapolator(FakeExtrapolator.Drifting(), options).RunAsync(temp.File("wide.csv"), temp.File("b.parquet"), cancellationToken: Ct);

        var a = await CurveFiles.ReadTableAsync(temp.File("a.parquet"));
        var b = await CurveFiles.ReadTableAsync(temp.File("b.parquet"));
        a.Keys.ShouldBe(b.Keys);
        a.Keys.ShouldContain("p_improve");
        a["run_id"].Length.ShouldBe(25 * ((30 - 6) + (30 - 12)));
        foreach (var column in a.Keys) b[column].ShouldBe(a[column], column);
    }

    [Fact]
    public async Task RunAsync_UnsortedInput_SpillsAndMatchesSortedInput()
    {
        using var temp = CurveFiles.TempFolder();
        var curves = CurveFiles.Curves(30, 20, 10);
        await CurveFiles.WriteParquetAsync(temp.File("sorted.parquet"), curves);
        var lines = curves.SelectMany(c => c.Epochs.Select((e, i) => (c.RunId, e, Line: $"{c.RunId},{e},{c.Values[i]:R},20"))).ToList();
        var shuffled = lines.OrderBy(l => l.e).ThenByDescending(l => l.RunId).Select(l => l.Line); // epoch-major: no run is contiguous
        CurveFiles.WriteLongCsv(temp.File("shuffled.csv"), string.Join("\n", shuffled) + "\n");

        var sorted = await new BatchExtrapolator(FakeExtrapolator.Drifting()).RunAsync(temp.File("sorted.parquet"), temp.File("a.parquet"), cancellationToken: Ct);
        var spilled = await new BatchExtrapolator(FakeExtrapolator.Drifting()).RunAsync(temp.File("shuffled.csv"), temp.File("b.parquet"), cancellationToken: Ct);

        sorted.Spilled.ShouldBeFalse();
        spilled.Spilled.ShouldBeTrue();
        var a = await CurveFiles.ReadTableAsync(temp.File("a.parquet"));
        var b = await CurveFiles.ReadTableAsync(temp.File("b.parquet"));
        var rowsA = Enumerable.Range(0, 30).Select(i => ((string)a["run_id"][i]!, (double)a["mean"][i]!)).Order();
        var rowsB = Enumerable.Range(0, 30).Select(i => ((string)b["run_id"][i]!, (double)b["mean"][i]!)).Order();
        rowsB.ShouldBe(rowsA);
        Directory.GetFileSystemEntries(temp.Path).Length.ShouldBe(6); // no spill folder or temp file left behind
    }

    [Fact]
    public async Task RunAsync_RunComesBackInAutoOrder_MergesItAfterSpilling()
    {
        using var temp = CurveFiles.TempFolder();
        CurveFiles.WriteLongCsv(temp.File("in.csv"), "a,1,0.1,5\nb,1,0.1,5\na,2,0.2,5\n");
        var fake = FakeExtrapolator.Drifting();

        var summary = await new BatchExtrapolator(fake).RunAsync(temp.File("in.csv"), temp.File("out.parquet"), cancellationToken: Ct);

        summary.Spilled.ShouldBeTrue();
        summary.Curves.ShouldBe(2);
        fake.Requests.Where(r => r.RunId == "a").Last().Epochs.ShouldBe([1, 2]);
    }

    [Fact]
    public async Task RunAsync_GroupedOrderOnUnsortedInput_TreatsEachBlockAsRun()
    {
        using var temp = CurveFiles.TempFolder();
        CurveFiles.WriteLongCsv(temp.File("in.csv"), "a,1,0.1,5\nb,1,0.1,5\na,2,0.2,5\n");
        var batch = new BatchExtrapolator(FakeExtrapolator.Drifting(), new BatchExtrapolatorOptions { InputOrder = InputOrder.Grouped });

        var summary = await batch.RunAsync(temp.File("in.csv"), temp.File("out.parquet"), cancellationToken: Ct);

        // Grouped trusts the order: each contiguous block is a run of its own.
        summary.Curves.ShouldBe(3);
    }

    [Fact]
    public async Task RunAsync_Minimize_MirrorsQuantilesAndBestPerStudy()
    {
        using var temp = CurveFiles.TempFolder();
        CurveFiles.WriteLongCsv(temp.File("in.csv"), "loss,1,4.0,10\nloss,2,3.0,10\n");
        var options = new BatchExtrapolatorOptions { Minimize = true, Lower = 0, Upper = 10, Quantiles = [0.1, 0.9], BestByStudy = new Dictionary<string, double> { [LearningCurve.DefaultStudy] = 3.0 } };

        await new BatchExtrapolator(FakeExtrapolator.Drifting(), options).RunAsync(temp.File("in.csv"), temp.File("out.parquet"), cancellationToken: Ct);

        var t = await CurveFiles.ReadTableAsync(temp.File("out.parquet"));
        // Model units: y = (10 − v)/10 → last 0.7; centre 0.7 + 0.008 + 0.0002 = 0.7082, uniform ± 0.1.
        ((double)t["mean"][0]!).ShouldBe(10 - (0.7082 * 10), 1e-9);
        ((double)t["q10"][0]!).ShouldBe(10 - ((0.7082 + 0.08) * 10), 1e-9); // low loss = high model quantile
        ((double)t["q90"][0]!).ShouldBe(10 - ((0.7082 - 0.08) * 10), 1e-9);
        ((double)t["p_improve"][0]!).ShouldBe((0.7082 + 0.1 - 0.7) / 0.2, 1e-9); // P(loss < 3) = P(y > 0.7)
    }

    [Fact]
    public async Task RunAsync_Progress_ReportsFinalState()
    {
        using var temp = CurveFiles.TempFolder();
        await CurveFiles.WriteParquetAsync(temp.File("in.parquet"), CurveFiles.Curves(10, 10, 5));
        var reports = new List<BatchProgress>();
        var batch = new BatchExtrapolator(FakeExtrapolator.Drifting(), new BatchExtrapolatorOptions { ProgressInterval = TimeSpan.Zero, BatchSize = 3 });

        await batch.RunAsync(temp.File("in.parquet"), temp.File("out.parquet"), new SyncProgress(reports.Add), Ct);

        reports.Count.ShouldBeGreaterThan(1);
        reports[^1].Curves.ShouldBe(10);
        reports[^1].InputFraction.ShouldBe(1.0);
        reports[^1].EtaSeconds.ShouldBe(0.0);
    }

    [Fact]
    public async Task RunAsync_CsvLineWithMissingFields_RejectsItsRunAsMalformedAndKeepsTheOthers()
    {
        using var temp = CurveFiles.TempFolder();
        CurveFiles.WriteLongCsv(temp.File("in.csv"), "a,1,0.1,5\na,2\nb,1,0.1,5\nb,2,0.2,5\n");

        var summary = await new BatchExtrapolator(FakeExtrapolator.Drifting()).RunAsync(temp.File("in.csv"), temp.File("out.parquet"), cancellationToken: Ct);

        summary.Curves.ShouldBe(1);
        var rejected = await CurveFiles.ReadTableAsync(temp.File("out.rejected.parquet"));
        rejected["run_id"].ShouldBe(["a"]);
        rejected["reason"].ShouldBe([RejectionReasons.MalformedRow]);
        rejected["row"].ShouldBe([3L]);
    }

    [Fact]
    public async Task RunAsync_ValueJustAboveTheUpperBound_IsClippedAndCountedNotRejected()
    {
        using var temp = CurveFiles.TempFolder();
        CurveFiles.WriteLongCsv(temp.File("in.csv"), "noisy,1,0.5,10\nnoisy,2,1.004,10\nfar,1,0.5,10\nfar,2,1.02,10\n");

        var summary = await new BatchExtrapolator(FakeExtrapolator.Drifting()).RunAsync(temp.File("in.csv"), temp.File("out.parquet"), cancellationToken: Ct);

        summary.Curves.ShouldBe(1);
        summary.ValuesClipped.ShouldBe(1);
        summary.RowsRejected.ShouldBe(1);
        var rejected = await CurveFiles.ReadTableAsync(temp.File("out.rejected.parquet"));
        rejected["run_id"].ShouldBe(["far"]);
    }

    [Fact]
    public async Task RunAsync_InputIsADirectory_SaysSoInsteadOfDoesNotExist()
    {
        using var temp = CurveFiles.TempFolder();
        Directory.CreateDirectory(temp.File("curves.parquet"));

        var error = await Should.ThrowAsync<InvalidInputException>(() => new BatchExtrapolator(FakeExtrapolator.Drifting()).RunAsync(temp.File("curves.parquet"), temp.File("out.parquet"), cancellationToken: Ct));

        error.Message.ShouldContain("is a directory, not a file");
        error.Message.ShouldNotContain("does not exist");
    }

    [Fact]
    public void RejectedPathFor_ParquetOutput_ReplacesExtension()
    {
        BatchExtrapolator.RejectedPathFor("/data/preds.parquet").ShouldBe("/data/preds.rejected.parquet");
        BatchExtrapolator.RejectedPathFor("/data/preds").ShouldBe("/data/preds.rejected.parquet");
    }

    private sealed class SyncProgress(Action<BatchProgress> report) : IProgress<BatchProgress>
    {
        public void Report(BatchProgress value) => report(value);
    }
}
