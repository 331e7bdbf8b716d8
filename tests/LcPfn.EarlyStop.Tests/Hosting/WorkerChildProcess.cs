using System.Collections.Concurrent;
using System.Diagnostics;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.Loader;
using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LcPfn.EarlyStop.Tests.Hosting;

/// <summary>
/// A worker in a real child process, so that tests can kill -9 it. The child is this test executable started
/// with <see cref="Variable"/>=1: a module initializer turns it into a worker host (fake engine, settings from
/// <see cref="SettingsVariable"/>) before xunit's entry point runs. It prints <c>ready</c> once started and
/// <c>batch N</c> for every engine call, and stops gracefully on SIGTERM.
/// </summary>
internal sealed class WorkerChildProcess : IAsyncDisposable
{
    public const string Variable = "LCPFN_TEST_WORKER";
    public const string SettingsVariable = "LCPFN_TEST_WORKER_SETTINGS";
    public const string DelayVariable = "LCPFN_TEST_WORKER_DELAY_MS";

    private readonly Process _process;
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ConcurrentQueue<string> _errors = new();
    private int _batches;

    private WorkerChildProcess(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            if (e.Data == "ready") _ready.TrySetResult();
            else if (e.Data.StartsWith("batch ", StringComparison.Ordinal)) Interlocked.Increment(ref _batches);
        };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) _errors.Enqueue(e.Data); };
        process.Exited += (_, _) => _ready.TrySetException(new InvalidOperationException($"the worker child exited early: {string.Join(Environment.NewLine, _errors)}"));
        process.EnableRaisingEvents = true;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>Engine calls the child made so far.</summary>
    public int Batches => Volatile.Read(ref _batches);

    public Process Process => _process;

    public string StandardError => string.Join(Environment.NewLine, _errors);

    public static async Task<WorkerChildProcess> StartAsync(IReadOnlyDictionary<string, string?> settings, int delayMs, CancellationToken cancellationToken)
    {
        var dll = typeof(WorkerChildProcess).Assembly.Location;
        var apphost = Path.ChangeExtension(dll, null);
        var info = File.Exists(apphost)
            ? new ProcessStartInfo(apphost)
            : new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet", ["exec", dll]);
        info.UseShellExecute = false;
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        info.Environment[Variable] = "1";
        info.Environment[SettingsVariable] = JsonSerializer.Serialize(settings);
        info.Environment[DelayVariable] = delayMs.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var child = new WorkerChildProcess(Process.Start(info) ?? throw new InvalidOperationException("could not start the worker child"));
        await child._ready.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
        return child;
    }

    /// <summary>kill -9.</summary>
    public void KillHard()
    {
        _process.Kill(entireProcessTree: false); // SIGKILL on Unix
        _process.WaitForExit();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }

#pragma warning disable CA2255 // A module initializer is how the test executable becomes a worker child.
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void RunIfChild()
    {
        if (Environment.GetEnvironmentVariable(Variable) != "1") return;
        // Code in this module cannot run on other threads until its initializer returns (they would wait on the
        // module's class-init lock), so the worker runs from a second copy of the assembly in its own load
        // context, whose initializer has completed; its dependencies come from the default context.
        Environment.SetEnvironmentVariable(Variable, "copy");
        var context = new AssemblyLoadContext("lcpfn-worker-child");
        var copy = context.LoadFromAssemblyPath(typeof(WorkerChildProcess).Assembly.Location);
        var run = copy.GetType(typeof(WorkerChildProcess).FullName!, throwOnError: true)!
            .GetMethod(nameof(RunWorker), BindingFlags.Static | BindingFlags.NonPublic)!;
        Environment.Exit((int)run.Invoke(null, null)!);
    }

    private static int RunWorker()
    {
        var settings = JsonSerializer.Deserialize<Dictionary<string, string?>>(Environment.GetEnvironmentVariable(SettingsVariable) ?? "{}") ?? [];
        var delay = int.Parse(Environment.GetEnvironmentVariable(DelayVariable) ?? "0", System.Globalization.CultureInfo.InvariantCulture);
        var engine = new FakeDecisionEngine
        {
            DelayPerCall = TimeSpan.FromMilliseconds(delay),
            OnBatch = n => Console.Out.WriteLine($"batch {n}"),
        };
        try
        {
            using var host = WorkerHostFactory.Build(settings, engine, LogLevel.Information, logToStandardError: true);
            host.Start();
            Console.Out.WriteLine("ready");
            host.WaitForShutdown();
            return 0;
        }
        catch (Exception ex)
        {
            Console.Error.WriteLine(ex);
            return 1;
        }
    }
}
