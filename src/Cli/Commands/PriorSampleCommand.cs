using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using LcPfn.Prior;
using LcPfn.Prior.Data;

namespace LcPfn.Cli.Commands;

/// <summary>
/// <c>lcpfn prior sample</c>: writes prior curves as a curve table (Parquet, <c>run_id</c> = curve number). Curves are
/// sampled in blocks on all threads while the previous block is written, so memory stays flat for any count.
/// Noisy values outside the metric range [0, 1] are clipped to it and counted (unless <c>--raw</c>), so that every
/// command reads the file as it reads a real accuracy (docs/prior.md §7, docs/cli.md).
/// </summary>
internal sealed class PriorSampleCommand : ICliCommand
{
    /// <summary>Curves per block: one block is one row group at T = 100.</summary>
    private const int BlockCurves = 10_000;

    private static readonly TimeSpan ProgressInterval = TimeSpan.FromSeconds(2);

    public string? Group => "prior";

    public Command Create()
    {
        var json = CommonOptions.Json();
        var threads = CommonOptions.Threads();
        var count = new Option<long>("--count") { Description = "Number of curves to write.", Required = true };
        var output = new Option<string>("--out") { Description = "Output file (.parquet curve table).", Required = true };
        var seed = new Option<ulong>("--seed") { Description = "Seed; the same seed gives the same curves on any machine thread count.", DefaultValueFactory = _ => 1UL };
        var horizon = new Option<int>("--horizon") { Description = "Curve length T (epochs 1..T).", DefaultValueFactory = _ => CurvePriorDefaults.Horizon };
        var prior = new Option<string>("--prior") { Description = $"Prior preset: {string.Join(", ", CurvePriorPresets.Names)}.", DefaultValueFactory = _ => CurvePriorPresets.Default };
        var raw = new Option<bool>("--raw") { Description = "Write the noisy values as the network sees them, even outside [0, 1] (default: clipped to [0, 1] and counted)." };
        var command = new Command("sample", "Write curves sampled from the prior to a Parquet curve table, with progress.") { count, output, seed, horizon, prior, raw, threads, json };
        command.SetAction(async (parse, ct) =>
        {
            long total = parse.GetValue(count);
            if (total < 1) throw new InvalidInputException($"--count must be at least 1; was {total}.");
            string path = OutputPaths.PrepareFile(parse.GetValue(output)!, "--out", ".parquet");
            var curvePrior = new CurvePrior(CurvePriorPresets.Get(parse.GetValue(prior)!, parse.GetValue(horizon)));
            bool asJson = parse.GetValue(json);
            var human = asJson ? parse.InvocationConfiguration.Error : parse.InvocationConfiguration.Output;
            var progress = parse.InvocationConfiguration.Error;

            var clock = Stopwatch.StartNew();
            long clipped = await WriteAsync(curvePrior, new SampleJob(path, total, parse.GetValue(seed), parse.GetValue(threads), Clip: !parse.GetValue(raw)), progress, ct).ConfigureAwait(false);
            double seconds = clock.Elapsed.TotalSeconds;

            var result = new
            {
                Curves = total,
                Seconds = Math.Round(seconds, 3),
                CurvesPerSecond = Math.Round(total / seconds),
                Path = Path.GetFullPath(path),
                Horizon = curvePrior.Horizon,
                Seed = parse.GetValue(seed),
                Prior = parse.GetValue(prior),
                ValuesClipped = clipped,
            };
            await human.WriteLineAsync($"wrote {total:N0} curves ({total * curvePrior.Horizon:N0} rows) to {result.Path} in {seconds:F1} s ({result.CurvesPerSecond:N0} curves/s)").ConfigureAwait(false);
            if (clipped > 0)
                await human.WriteLineAsync($"{clipped:N0} noisy values outside [0, 1] clipped to it ({100.0 * clipped / (total * curvePrior.Horizon):F2} % of the values; --raw keeps them)").ConfigureAwait(false);
            if (asJson) JsonOutput.Write(parse.InvocationConfiguration.Output, result);
            return CliApp.Ok;
        });
        return command;
    }

    private sealed record SampleJob(string Path, long Count, ulong Seed, int Threads, bool Clip);

    /// <summary>Clips every value of <paramref name="values"/> to [0, 1]; returns how many were outside.</summary>
    internal static long ClipToUnitRange(Span<float> values)
    {
        long clipped = 0;
        for (int i = 0; i < values.Length; i++)
        {
            float v = values[i];
            if (v < 0f) { values[i] = 0f; clipped++; }
            else if (v > 1f) { values[i] = 1f; clipped++; }
        }
        return clipped;
    }

    /// <summary>Samples and writes every curve; returns how many values were clipped.</summary>
    private static async Task<long> WriteAsync(CurvePrior prior, SampleJob job, TextWriter progress, CancellationToken ct)
    {
        int t = prior.Horizon;
        var blocks = new[] { new float[BlockCurves * t], new float[BlockCurves * t] };
        long blockCount = (job.Count + BlockCurves - 1) / BlockCurves;
        int BlockSize(long block) => (int)Math.Min(BlockCurves, job.Count - block * BlockCurves);
        Task SampleBlock(long block) => Task.Run(
            () => prior.SampleParallel(job.Seed, block * BlockCurves, BlockSize(block), new CurveSampleBuffers(blocks[block % 2]), job.Threads), ct);

        var clock = Stopwatch.StartNew();
        var lastReport = TimeSpan.Zero;
        long clipped = 0;
        var options = new CurveTableWriterOptions { RowGroupRows = BlockCurves * t };
        await using var writer = await CurveTableWriter.CreateAsync(job.Path, options, ct).ConfigureAwait(false);
        var pending = SampleBlock(0);
        for (long block = 0; block < blockCount; block++)
        {
            await pending.ConfigureAwait(false);
            if (block + 1 < blockCount) pending = SampleBlock(block + 1); // sample the next block while this one is written
            var values = blocks[block % 2].AsMemory();
            int n = BlockSize(block);
            if (job.Clip) clipped += ClipToUnitRange(values.Span[..(n * t)]);
            for (int c = 0; c < n; c++)
            {
                long index = block * BlockCurves + c;
                await writer.WriteCurveAsync(index.ToString(CultureInfo.InvariantCulture), values.Slice(c * t, t), t, cancellationToken: ct).ConfigureAwait(false);
            }
            if (clock.Elapsed - lastReport >= ProgressInterval)
            {
                lastReport = clock.Elapsed;
                long done = block * BlockCurves + n;
                double rate = done / clock.Elapsed.TotalSeconds;
                double eta = (job.Count - done) / rate;
                await progress.WriteLineAsync($"prior sample: {done:N0} / {job.Count:N0} curves ({100.0 * done / job.Count:F1} %), {rate:N0} curves/s, ETA {eta:F0} s").ConfigureAwait(false);
            }
        }
        await writer.CompleteAsync(ct).ConfigureAwait(false);
        return clipped;
    }
}
