namespace Veil.Wasm.Tests;

public class WasmCodeTests
{
    private const string Exports = """(func (export "deploy")) (func (export "call"))""";
    private const string Memory = """(import "env" "memory" (memory 1 16))""";

    private static string Refusal(byte[] code)
    {
        Assert.False(WasmEngine.Shared.TryLoad(code, out var loaded, out var error));
        Assert.Null(loaded);
        return error;
    }

    private static string Refusal(string wat) => Refusal(WasmHarness.Compile(wat));

    [Theory]
    [InlineData("""(module (import "seal0" "input" (func (param i32 i32))) (import "env" "memory" (memory 1 16)) (func (export "deploy")) (func (export "call")))""")]
    [InlineData("""(module (import "seal0" "seal_input" (func (param i32 i32))) (import "env" "memory" (memory 1)) (func (export "deploy")) (func (export "call")))""")]
    [InlineData("""(module (import "env" "memory" (memory 0 1)) (func (export "deploy")) (func (export "call")) (func (export "other")))""")]
    public void TryLoad_Accepts_WellFormedContracts(string wat)
    {
        Assert.True(WasmEngine.Shared.TryLoad(WasmHarness.Compile(wat), out var code, out var error), error);
        Assert.True(code.MemoryMaximum <= 16);
    }

    [Fact]
    public void TryLoad_TakesTheMemoryBoundFromTheLimits_WhenTheImportHasNone()
    {
        Assert.True(WasmEngine.Shared.TryLoad(WasmHarness.Compile($"(module (import \"env\" \"memory\" (memory 2)) {Exports})"), out var code, out _));

        Assert.Equal(2, code.MemoryMinimum);
        Assert.Equal(16, code.MemoryMaximum);
    }

    [Fact]
    public void TryLoad_ReturnsTheCachedCode_ForTheSameBytes()
    {
        var bytes = WasmHarness.Compile($"(module {Memory} {Exports} (func (export \"x\")))");

        Assert.True(WasmEngine.Shared.TryLoad(bytes, out var first, out _));
        Assert.True(WasmEngine.Shared.TryLoad(bytes, out var second, out _));

        Assert.Same(first, second);
        Assert.Equal(Veil.Core.Hashing.Blake2b.Hash256(bytes), first.Hash);
    }

    [Theory]
    [InlineData("""(module (import "seal0" "nope" (func)) (import "env" "memory" (memory 1 16)) (func (export "deploy")) (func (export "call")))""", "import seal0.nope is not a function the Veil host provides")]
    [InlineData("""(module (import "env" "abort" (func)) (import "env" "memory" (memory 1 16)) (func (export "deploy")) (func (export "call")))""", "import env.abort is not provided; from env the host provides only env.memory")]
    [InlineData("""(module (import "wasi_snapshot_preview1" "fd_write" (func (param i32 i32 i32 i32) (result i32))) (import "env" "memory" (memory 1 16)) (func (export "deploy")) (func (export "call")))""", "import wasi_snapshot_preview1.fd_write is from unknown module 'wasi_snapshot_preview1'; contracts may import only from seal0, seal1, seal2, veil and env.memory")]
    [InlineData("""(module (import "seal0" "input" (func (param i32))) (import "env" "memory" (memory 1 16)) (func (export "deploy")) (func (export "call")))""", "import seal0.input has signature (i32) -> (); the host provides (i32, i32) -> ()")]
    [InlineData("""(module (import "seal1" "get_storage" (func (param i32 i32 i32) (result i32))) (import "env" "memory" (memory 1 16)) (func (export "deploy")) (func (export "call")))""", "import seal1.get_storage has signature (i32, i32, i32) -> (i32); the host provides (i32, i32, i32, i32) -> (i32)")]
    [InlineData("""(module (import "env" "g" (global i32)) (import "env" "memory" (memory 1 16)) (func (export "deploy")) (func (export "call")))""", "import env.g is a global; contracts may import functions from seal0, seal1, seal2 and veil, and env.memory")]
    [InlineData("""(module (import "env" "memory" (memory 1 16)) (func (export "deploy")))""", "the module does not export a function named 'call'")]
    [InlineData("""(module (import "env" "memory" (memory 1 16)) (func (export "call")))""", "the module does not export a function named 'deploy'")]
    [InlineData("""(module (import "env" "memory" (memory 1 16)) (func (export "deploy")) (func (export "call") (param i32)))""", "export 'call' has signature (i32) -> (); it must take and return nothing")]
    [InlineData("""(module (func (export "deploy")) (func (export "call")))""", "the module does not import env.memory; a contract's memory is provided by the host")]
    [InlineData("""(module (memory 1) (func (export "deploy")) (func (export "call")))""", "the module defines its own memory; it must import it as env.memory")]
    [InlineData("""(module (import "env" "memory" (memory 1 1000)) (func (export "deploy")) (func (export "call")))""", "env.memory declares 1..1000 pages; the limit is 16 pages")]
    [InlineData("""(module (import "env" "memory" (memory 17)) (func (export "deploy")) (func (export "call")))""", "env.memory declares 17..unbounded pages; the limit is 16 pages")]
    [InlineData("""(module (import "env" "memory" (memory 1 16)) (func $s) (start $s) (func (export "deploy")) (func (export "call")))""", "the module has a start function; contracts initialise in `deploy` instead")]
    [InlineData("""(module (import "env" "memory" (memory 1 16)) (table 100000 funcref) (func (export "deploy")) (func (export "call")))""", "table 0 starts with 100000 elements; the limit is 4096")]
    public void TryLoad_Refuses_WithAClearMessage(string wat, string expected)
    {
        Assert.Equal(expected, Refusal(wat));
    }

    [Theory]
    [InlineData(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8, 9 })]
    [InlineData(new byte[] { 0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00, 0xFF })]
    public void TryLoad_Refuses_GarbageBytes(byte[] garbage)
    {
        Assert.StartsWith("not a valid WebAssembly module: ", Refusal(garbage), StringComparison.Ordinal);
    }

    [Fact]
    public void TryLoad_Refuses_EmptyAndOversizedCode()
    {
        Assert.Equal("the code is empty", Refusal([]));
        Assert.Equal("the code is 262145 bytes; the limit is 262144", Refusal(new byte[(256 * 1024) + 1]));
    }

    [Fact]
    public void TryLoad_NeverThrows_OnMutatedContracts()
    {
        var valid = WasmHarness.Compile(Contracts.CounterContract.Wat);
        var random = new Random(4);
        for (var i = 0; i < 300; i++)
        {
            var mutated = (byte[])valid.Clone();
            for (var flips = random.Next(1, 4); flips > 0; flips--)
            {
                mutated[random.Next(mutated.Length)] = (byte)random.Next(256);
            }

            // Either a clear refusal or a usable contract; never an exception.
            if (WasmEngine.Shared.TryLoad(mutated, out var code, out var error))
            {
                Assert.NotNull(code);
            }
            else
            {
                Assert.False(string.IsNullOrWhiteSpace(error));
            }
        }
    }
}
