using System.Buffers.Binary;
using System.Diagnostics;
using Veil.Storage;

namespace Veil.Storage.Tests;

public sealed class RocksDbStoreCrashTests
{
    [Fact]
    public void Write_KeepsEveryReportedBatchWhole_WhenWriterProcessIsKilled()
    {
        using var directory = new TemporaryDirectory();
        var dbPath = Path.Combine(directory.Path, "db");
        var lastReported = RunWriterUntilKilled(dbPath, minimumCommits: 25);

        using var store = RocksDbStore.Open(dbPath);
        var batchSizes = new SortedDictionary<int, int>();
        foreach (var (key, value) in store.Iterate("b"u8))
        {
            var number = BinaryPrimitives.ReadInt32BigEndian(key.AsSpan(1));
            Assert.Equal(number, BinaryPrimitives.ReadInt32BigEndian(value));
            batchSizes[number] = batchSizes.GetValueOrDefault(number) + 1;
        }

        // All or nothing: every batch that left a trace is complete, marker included.
        Assert.All(batchSizes, pair => Assert.Equal(CrashWriter.KeysPerBatch, pair.Value));
        Assert.All(batchSizes.Keys, number => Assert.True(store.Contains(CrashWriter.Key((byte)'m', number, 0))));

        // Durable: everything reported committed is there; at most the one batch in flight is extra.
        Assert.Equal(Enumerable.Range(0, batchSizes.Count), batchSizes.Keys);
        Assert.InRange(batchSizes.Count - 1, lastReported, lastReported + 1);
    }

    private static int RunWriterUntilKilled(string dbPath, int minimumCommits)
    {
        var start = new ProcessStartInfo(DotnetHost(), [typeof(CrashWriter).Assembly.Location])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment[CrashWriter.PathVariable] = dbPath;

        using var child = Process.Start(start) ?? throw new InvalidOperationException("could not start the writer process");
        var lastReported = -1;
        try
        {
            var deadline = Stopwatch.StartNew();
            while (lastReported < minimumCommits)
            {
                var line = child.StandardOutput.ReadLine();
                if (line is null)
                {
                    Assert.Fail($"writer exited early: {child.StandardError.ReadToEnd()}");
                }

                if (line.StartsWith("committed ", StringComparison.Ordinal))
                {
                    lastReported = int.Parse(line.AsSpan("committed ".Length), System.Globalization.CultureInfo.InvariantCulture);
                }

                Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(60), "writer too slow");
            }
        }
        finally
        {
            // SIGKILL: no managed cleanup, no RocksDB close; the batch in flight is cut wherever it is.
            child.Kill(entireProcessTree: true);
            child.WaitForExit();
        }

        // Lines written before the kill but not read yet still count as reported.
        string? rest;
        while ((rest = child.StandardOutput.ReadLine()) is not null)
        {
            if (rest.StartsWith("committed ", StringComparison.Ordinal))
            {
                lastReported = int.Parse(rest.AsSpan("committed ".Length), System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        return lastReported;
    }

    private static string DotnetHost()
    {
        // The test host runs under the dotnet muxer; reuse it so the child gets the same runtime.
        var current = Environment.ProcessPath;
        return current is not null && Path.GetFileNameWithoutExtension(current) == "dotnet" ? current : "dotnet";
    }
}
