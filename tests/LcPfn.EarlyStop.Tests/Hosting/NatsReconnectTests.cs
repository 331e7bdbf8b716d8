using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Shouldly;

namespace LcPfn.EarlyStop.Tests.Hosting;

/// <summary>A worker says when it loses nats-server and when it gets it back (its own server, killed and restarted).</summary>
public sealed class NatsReconnectTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Worker_NatsServerKilledAndRestarted_LogsTheDisconnectAndTheReconnect()
    {
        var binary = NatsTestServer.FindBinary() ?? throw new InvalidOperationException("nats-server is not installed (apt-get install -y nats-server).");
        int port = NatsTestServer.FreePort();
        string store = Directory.CreateTempSubdirectory("lcpfn-nats-reconnect-").FullName;
        var logs = new RecordingLoggerProvider();
        var server = await ServerProcess.StartAsync(binary, port, store);
        try
        {
            var id = Guid.NewGuid().ToString("N")[..8];
            using var host = WorkerHostFactory.Build(WorkerHostFactory.NatsSettings(id, $"nats://127.0.0.1:{port}"), new FakeDecisionEngine(), LogLevel.Information, logs: logs);
            await host.StartAsync(Ct);
            await logs.WaitForAsync("Connected to NATS", Ct);

            server.Kill();
            var disconnected = await logs.WaitForAsync("Disconnected from NATS", Ct);
            disconnected.Level.ShouldBe(LogLevel.Warning);
            disconnected.Message.ShouldContain($"nats://127.0.0.1:{port}");

            server = await ServerProcess.StartAsync(binary, port, store);
            var reconnected = await logs.WaitForAsync("Reconnected to NATS", Ct);
            reconnected.Message.ShouldMatch(@"after \d+(\.\d)? s$");
            logs.Count("Disconnected from NATS").ShouldBe(1, "one outage is logged once, not once per reconnect attempt");

            await host.StopAsync(Ct);
            logs.Count("Disconnected from NATS").ShouldBe(1, "closing the connection on shutdown is not an outage");
        }
        finally
        {
            server.Kill();
            Directory.Delete(store, recursive: true);
        }
    }

    private sealed class ServerProcess(Process process)
    {
        public static async Task<ServerProcess> StartAsync(string binary, int port, string store)
        {
            var process = NatsTestServer.StartProcess(binary, port, store);
            for (int attempt = 0; attempt < 300; attempt++)
            {
                if (process.HasExited) throw new InvalidOperationException($"{binary} exited with code {process.ExitCode}");
                try
                {
                    using var client = new TcpClient();
                    await client.ConnectAsync(IPAddress.Loopback, port);
                    return new ServerProcess(process);
                }
                catch (SocketException)
                {
                    await Task.Delay(50);
                }
            }
            process.Kill();
            throw new InvalidOperationException($"{binary} did not open port {port} within 15 s");
        }

        public void Kill()
        {
            if (process.HasExited) return;
            process.Kill();
            process.WaitForExit();
        }
    }

    private sealed record LogEntry(LogLevel Level, string Message);

    private sealed class RecordingLoggerProvider : ILoggerProvider
    {
        private readonly ConcurrentQueue<LogEntry> _entries = new();
        private readonly SemaphoreSlim _added = new(0);

        public ILogger CreateLogger(string categoryName) => new Logger(this);

        public int Count(string text) => _entries.Count(e => e.Message.Contains(text, StringComparison.Ordinal));

        /// <summary>The first entry containing <paramref name="text"/>, waiting up to 60 s for it.</summary>
        public async Task<LogEntry> WaitForAsync(string text, CancellationToken cancellationToken)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(60));
            while (true)
            {
                if (_entries.FirstOrDefault(e => e.Message.Contains(text, StringComparison.Ordinal)) is { } found) return found;
                try
                {
                    await _added.WaitAsync(timeout.Token);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    throw new ShouldAssertException($"no log entry containing '{text}' within 60 s; logged: {string.Join(" | ", _entries.Select(e => e.Message))}");
                }
            }
        }

        public void Dispose() => _added.Dispose();

        private sealed class Logger(RecordingLoggerProvider provider) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                provider._entries.Enqueue(new LogEntry(logLevel, formatter(state, exception)));
                provider._added.Release();
            }
        }
    }
}
