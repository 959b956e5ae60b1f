using System.Text.Json;
using Veil.Core.Hashing;

namespace Veil.Wasm.Examples.Tests;

/// <summary>
/// The example contracts as sdk/assemblyscript/tools/build.js leaves them in sdk/assemblyscript/build:
/// <c>name.wasm</c>, the ink!-shaped metadata <c>name.json</c> and the bundle <c>name.contract</c>.
/// </summary>
public static class ExampleBuild
{
    private static readonly Lazy<string> BuildDirectory = new(FindBuildDirectory);
    private static readonly Dictionary<string, WasmCode> Loaded = [];
    private static readonly Lock Gate = new();

    public static string Directory => BuildDirectory.Value;

    public static string PathOf(string name, string extension) => Path.Combine(Directory, $"{name}.{extension}");

    public static byte[] Code(string name) => File.ReadAllBytes(PathOf(name, "wasm"));

    public static JsonDocument Metadata(string name) => JsonDocument.Parse(File.ReadAllBytes(PathOf(name, "json")));

    /// <summary>The validated, compiled code (the engine caches by hash; this saves re-reading the file).</summary>
    public static WasmCode Load(string name)
    {
        lock (Gate)
        {
            if (!Loaded.TryGetValue(name, out var code))
            {
                Assert.True(WasmEngine.Shared.TryLoad(Code(name), out code, out var error), $"{name}.wasm: {error}");
                Loaded[name] = code;
            }

            return code;
        }
    }

    /// <summary>ink!'s default selector: the first four bytes of BLAKE2b-256 of the label.</summary>
    public static byte[] DefaultSelector(string label) => Blake2b.Hash256(System.Text.Encoding.UTF8.GetBytes(label)).ToArray()[..4];

    private static string FindBuildDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Veil.slnx")))
            {
                var sdk = Path.Combine(dir.FullName, "sdk", "assemblyscript");
                var build = Path.Combine(sdk, "build");
                if (!File.Exists(Path.Combine(build, "counter.wasm")))
                {
                    throw new InvalidOperationException($"the example contracts are not built: run 'npm ci && npm run build' in {sdk} (./test.sh does)");
                }

                return build;
            }
        }

        throw new InvalidOperationException($"no Veil.slnx above {AppContext.BaseDirectory}");
    }
}
