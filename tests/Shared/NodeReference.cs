using System.Diagnostics;
using System.Text.Json;

namespace Veil.Tests.Shared;

/// <summary>
/// Runs a reference script from tests/compat/scripts with node (polkadot.js is installed in
/// tests/compat/node_modules), passing JSON on stdin and parsing JSON from stdout.
/// </summary>
internal static class NodeReference
{
    private static readonly Lazy<string> CompatDirectory = new(FindCompatDirectory);

    public static async Task<JsonElement> RunAsync(string script, object input, CancellationToken cancellationToken = default)
    {
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = CompatDirectory.Value,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine("scripts", script));
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start node");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        var stdoutTask = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderrTask = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.StandardInput.WriteAsync(JsonSerializer.Serialize(input).AsMemory(), timeout.Token);
        process.StandardInput.Close();
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"node {script} did not finish within 60 s");
        }

        var stdout = await stdoutTask;
        var stderr = await stderrTask;
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"node {script} exited with {process.ExitCode}: {stderr}");
        }

        using var document = JsonDocument.Parse(stdout);
        return document.RootElement.Clone();
    }

    private static string FindCompatDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Veil.slnx")))
            {
                var compat = Path.Combine(dir.FullName, "tests", "compat");
                if (!Directory.Exists(Path.Combine(compat, "node_modules", "@polkadot")))
                {
                    throw new InvalidOperationException($"polkadot.js is not installed: run 'npm ci' in {compat}");
                }

                return compat;
            }
        }

        throw new InvalidOperationException($"no Veil.slnx above {AppContext.BaseDirectory}");
    }
}
