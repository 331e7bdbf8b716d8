using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace LcPfn.EarlyStop.Tests.Hosting;

/// <summary>
/// The NATS server the integration tests use: the one .ci/services.sh started (LCPFN_NATS_URL), else one this
/// process starts from the nats-server binary (JetStream, free port, temporary store), else a clear failure.
/// </summary>
internal static class NatsTestServer
{
    public const string UrlVariable = "LCPFN_NATS_URL";
    private static readonly Lazy<string> LazyUrl = new(Start, LazyThreadSafetyMode.ExecutionAndPublication);

    public static string Url => LazyUrl.Value;

    private static string Start()
    {
        var fromCi = Environment.GetEnvironmentVariable(UrlVariable);
        if (!string.IsNullOrWhiteSpace(fromCi)) return fromCi;

        var binary = FindBinary() ?? throw new InvalidOperationException(
            $"These tests need a NATS server with JetStream: set {UrlVariable} (source .ci/services.sh) or install nats-server " +
            "(apt-get install -y nats-server) so the tests can start one.");
        var port = FreePort();
        var store = Path.Combine(Path.GetTempPath(), $"lcpfn-nats-test-{Environment.ProcessId}-{port}");
        var process = StartProcess(binary, port, store);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try { process.Kill(); } catch (InvalidOperationException) { }
            try { Directory.Delete(store, recursive: true); } catch (IOException) { }
        };
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited) throw new InvalidOperationException($"{binary} exited with code {process.ExitCode}");
            try
            {
                using var client = new TcpClient();
                client.Connect(IPAddress.Loopback, port);
                return $"nats://127.0.0.1:{port}";
            }
            catch (SocketException)
            {
                Thread.Sleep(50);
            }
        }
        throw new InvalidOperationException($"{binary} did not open port {port} within 15 s");
    }

    /// <summary>Starts nats-server with JetStream on 127.0.0.1:<paramref name="port"/>, storing in <paramref name="store"/>; its output is drained.</summary>
    internal static Process StartProcess(string binary, int port, string store)
    {
        var process = Process.Start(new ProcessStartInfo(binary, ["-a", "127.0.0.1", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-js", "-sd", store])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        }) ?? throw new InvalidOperationException($"could not start {binary}");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    internal static string? FindBinary()
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var dir in path.Split(Path.PathSeparator).Append("/usr/sbin").Append("/usr/local/bin"))
        {
            var candidate = Path.Combine(dir, "nats-server");
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
