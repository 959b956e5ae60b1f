using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Veil.Chain.Runtime;
using Veil.Chain.Spec;

namespace Veil.Cli.Commands;

/// <summary>
/// <c>veil testnet --validators 3</c>: a local Raft cluster of validator processes (//Alice, //Bob, … as
/// authorities) on loopback ports, each a child <c>veil node --validator</c> with its own data directory,
/// so one can be killed and restarted like a machine. Their output is prefixed with the validator's name.
/// </summary>
public static class TestnetCommand
{
    public static Command Create()
    {
        var validators = new Option<int>("--validators") { Description = "Number of validators (1 to 6; the dev accounts are their authorities)", DefaultValueFactory = _ => 3 };
        var data = new Option<string?>("--data") { Description = "Data directory holding spec.json and one directory per validator (default: a fresh temporary directory, removed on exit)" };
        var rpcPort = new Option<int>("--rpc-port") { Description = "JSON-RPC port of the first validator; the others take the next ones", DefaultValueFactory = _ => 9944 };
        var raftPort = new Option<int>("--raft-port") { Description = "Raft port of the first validator; the others take the next ones", DefaultValueFactory = _ => 30333 };
        var blockMs = new Option<int>("--block-ms") { Description = "Empty-block interval (blocks with transactions are proposed at once)", DefaultValueFactory = _ => 1000 };
        var bench = new Option<int>("--bench")
        {
            Description = "Instead of running until Ctrl+C: submit this many signed transfers to the leader, report finalized transfers/s and time to finality, and stop",
        };
        var logs = new Option<bool>("--logs") { Description = "With --bench: still print the validators' log lines (otherwise only failures)" };
        var command = new Command("testnet", "Start a local Raft validator cluster (separate processes, loopback ports, distinct data directories) until Ctrl+C")
        {
            validators, data, rpcPort, raftPort, blockMs, bench, logs,
        };
        command.SetAction((r, ct) => RunAsync(r.GetValue(validators), r.GetValue(data), r.GetValue(rpcPort), r.GetValue(raftPort), r.GetValue(blockMs), r.GetValue(bench), r.GetValue(logs), ct));
        return command;
    }

    /// <summary>The testnet's chain spec: the dev chain with the first <paramref name="count"/> dev accounts as authorities.</summary>
    public static string SpecJson(int count, int benchSenders = 0)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("name", "Veil Testnet");
            json.WriteString("id", "veil_testnet");
            json.WriteStartArray("authorities");
            for (var i = 0; i < count; i++) json.WriteStringValue("//" + ChainSpec.DevAccountNames[i]);
            json.WriteEndArray();
            json.WriteStartArray("balances");
            foreach (var name in ChainSpec.DevAccountNames)
            {
                json.WriteStartArray();
                json.WriteStringValue("//" + name);
                json.WriteStringValue((ChainParameters.OneVeil * 1_000_000).ToString(CultureInfo.InvariantCulture));
                json.WriteEndArray();
            }

            for (var i = 0; i < benchSenders; i++)
            {
                json.WriteStartArray();
                json.WriteStringValue(TestnetBenchmark.SenderUri(i));
                json.WriteStringValue((ChainParameters.OneVeil * 1_000_000).ToString(CultureInfo.InvariantCulture));
                json.WriteEndArray();
            }

            json.WriteEndArray();
            json.WriteStartArray("attestationRoots");
            json.WriteStringValue(ChainSpec.DevAttestationRoot.ToString());
            json.WriteEndArray();
            json.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    private static async Task<int> RunAsync(int count, string? given, int rpcPort, int raftPort, int blockMs, int bench, bool showLogs, CancellationToken cancellationToken)
    {
        if (count is < 1 or > 6) throw new CliError($"--validators must be between 1 and 6, not {count}");
        if (bench < 0) throw new CliError("--bench must be a positive number of transfers");
        Quiet = bench > 0 && !showLogs;
        if (rpcPort is < 1 or > 65535 - 6 || raftPort is < 1 or > 65535 - 6) throw new CliError("--rpc-port and --raft-port must leave room for one port per validator");
        var directory = given ?? Path.Combine(Path.GetTempPath(), $"veil-testnet-{Environment.ProcessId}");
        Directory.CreateDirectory(directory);
        var specPath = Path.Combine(directory, "spec.json");
        if (!File.Exists(specPath)) await File.WriteAllTextAsync(specPath, SpecJson(count, bench > 0 ? TestnetBenchmark.Senders : 0), cancellationToken);

        var processes = new List<Process>(count);
        try
        {
            var ready = new List<Task>(count);
            for (var i = 0; i < count; i++)
            {
                var name = ChainSpec.DevAccountNames[i];
                var args = new List<string>
                {
                    "node", "--chain", specPath, "--data", Path.Combine(directory, name.ToLowerInvariant()), "--authority", "//" + name,
                    "--rpc-port", Port(rpcPort + i), "--block-ms", blockMs.ToString(CultureInfo.InvariantCulture), "--validator", "127.0.0.1:" + Port(raftPort + i),
                };
                for (var j = 0; j < count; j++)
                {
                    if (j != i) args.AddRange(["--peer", $"127.0.0.1:{Port(raftPort + j)}=ws://127.0.0.1:{Port(rpcPort + j)}"]);
                }

                var (process, started) = StartChild(name, args);
                processes.Add(process);
                ready.Add(started);
            }

            await Task.WhenAll(ready).WaitAsync(TimeSpan.FromSeconds(60), cancellationToken);
            for (var i = 0; i < count; i++)
            {
                Console.Out.WriteLine($"validator {ChainSpec.DevAccountNames[i]}: ws://127.0.0.1:{rpcPort + i} (Raft 127.0.0.1:{raftPort + i}, pid {processes[i].Id}, data {Path.Combine(directory, ChainSpec.DevAccountNames[i].ToLowerInvariant())})");
            }

            if (bench > 0)
            {
                var urls = new List<string>(count);
                for (var i = 0; i < count; i++) urls.Add($"ws://127.0.0.1:{rpcPort + i}");
                return await TestnetBenchmark.RunAsync(urls, bench, cancellationToken);
            }

            Console.Out.WriteLine($"Veil testnet ready: {count} validator(s), chain spec {specPath} (Ctrl+C to stop)");
            Console.Out.Flush();
            await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            return 0;
        }
        finally
        {
            foreach (var process in processes)
            {
                // The chain database and Raft log are crash-safe (fsynced batches), so a hard stop loses nothing final.
                if (!process.HasExited) process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10), CancellationToken.None).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                process.Dispose();
            }

            if (given is null)
            {
                try
                {
                    Directory.Delete(directory, recursive: true);
                }
                catch (IOException)
                {
                    // Best effort: a temporary directory left behind is harmless.
                }
            }
        }
    }

    // Runs this same veil binary (the apphost, or `dotnet veil.dll`) as a child, its lines prefixed by name.
    private static (Process Process, Task Ready) StartChild(string name, List<string> args)
    {
        var host = Environment.ProcessPath ?? throw new CliError("cannot locate the veil executable to start validators");
        var start = new ProcessStartInfo(host) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        if (Path.GetFileNameWithoutExtension(host) == "dotnet")
        {
            start.ArgumentList.Add(typeof(TestnetCommand).Assembly.Location);
        }

        foreach (var arg in args) start.ArgumentList.Add(arg);
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var prefix = $"[{name.ToLowerInvariant()}] ";
        void OnLine(string? line)
        {
            if (line is null) return;
            if (line.Contains("Veil node ready", StringComparison.Ordinal)) ready.TrySetResult();
            if (!Quiet || line.Contains("fail", StringComparison.OrdinalIgnoreCase) || line.Contains("refused", StringComparison.Ordinal)) Console.Error.WriteLine(prefix + line);
        }

        process.OutputDataReceived += (_, e) => OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        process.Exited += (_, _) =>
        {
            ready.TrySetException(new CliError($"validator {name} exited early"));
            Console.Error.WriteLine($"{prefix}exited with code {process.ExitCode}");
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return (process, ready.Task);
    }

    // While benchmarking, validators' per-block log lines would only slow the console down.
    private static bool Quiet { get; set; }

    private static string Port(int port) => port.ToString(CultureInfo.InvariantCulture);
}
