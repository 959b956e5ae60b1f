using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Veil.EndToEnd.Tests.Infrastructure;

/// <summary>
/// A real <c>veil</c> process (the CLI built next to these tests), started with its own data directory
/// on a free loopback port. Disposing kills it.
/// </summary>
public sealed class NodeProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly string _readyMarker;

    private NodeProcess(Process process, int port, string readyMarker)
    {
        _process = process;
        Port = port;
        _readyMarker = readyMarker;
    }

    public int Port { get; }

    public string Url => $"ws://127.0.0.1:{Port}";

    public string HttpUrl => $"http://127.0.0.1:{Port}/";

    public string Output
    {
        get
        {
            lock (_output) return _output.ToString();
        }
    }

    public bool HasExited => _process.HasExited;

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static async Task<NodeProcess> StartAsync(string dataDirectory, params string[] extraArgs)
        => await StartAsync(dataDirectory, FreePort(), extraArgs);

    public static async Task<NodeProcess> StartAsync(string dataDirectory, int port, params string[] extraArgs)
    {
        return await StartCommandAsync(port, ["node", "--chain", "dev", "--data", dataDirectory, "--rpc-port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), .. extraArgs]);
    }

    /// <summary>Starts any veil command that serves on <paramref name="port"/> and prints <paramref name="readyMarker"/> when up.</summary>
    public static async Task<NodeProcess> StartCommandAsync(int port, string[] args, string readyMarker = "Veil node ready")
    {
        var start = VeilCli.StartInfo(args);
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var node = new NodeProcess(process, port, readyMarker);
        process.OutputDataReceived += (_, e) => node.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => node.OnLine(e.Data);
        process.Exited += (_, _) => node._ready.TrySetException(new InvalidOperationException($"veil node exited early:\n{node.Output}"));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await node._ready.Task.WaitAsync(TimeSpan.FromSeconds(60));
        return node;
    }

    /// <summary>SIGKILL: no shutdown code runs, exactly like a power cut for the process.</summary>
    public async Task KillHardAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
    }

    /// <summary>
    /// Sends a POSIX signal (TERM, INT …) as a service manager or Ctrl+C would, and waits for the process
    /// to exit; returns its exit code, or null when it is still running after <paramref name="timeout"/>.
    /// </summary>
    public async Task<int?> SignalAndWaitAsync(string signal, TimeSpan timeout)
    {
        using (var kill = Process.Start("kill", ["-" + signal, _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        try
        {
            await _process.WaitForExitAsync().WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            return null;
        }

        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await KillHardAsync();
        }
        catch (InvalidOperationException)
        {
            // Never started.
        }

        _process.Dispose();
    }

    private void OnLine(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
        if (line.Contains(_readyMarker, StringComparison.Ordinal)) _ready.TrySetResult();
    }
}
