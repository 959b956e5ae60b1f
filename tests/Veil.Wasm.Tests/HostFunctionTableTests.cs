using Veil.Wasm.Host;

namespace Veil.Wasm.Tests;

public class HostFunctionTableTests
{
    [Theory]
    [InlineData("seal0", "input", "(i32, i32) -> ()", true)]
    [InlineData("seal0", "seal_return", "(i32, i32, i32) -> ()", true)]
    [InlineData("seal0", "set_storage", "(i32, i32, i32) -> ()", false)]
    [InlineData("seal1", "set_storage", "(i32, i32, i32) -> (i32)", false)]
    [InlineData("seal2", "set_storage", "(i32, i32, i32, i32) -> (i32)", false)]
    [InlineData("seal2", "seal_set_storage", "(i32, i32, i32, i32) -> (i32)", false)]
    [InlineData("seal0", "get_storage", "(i32, i32, i32) -> (i32)", true)]
    [InlineData("seal1", "get_storage", "(i32, i32, i32, i32) -> (i32)", true)]
    [InlineData("seal0", "contains_storage", "(i32) -> (i32)", true)]
    [InlineData("seal1", "contains_storage", "(i32, i32) -> (i32)", true)]
    [InlineData("seal0", "clear_storage", "(i32) -> ()", false)]
    [InlineData("seal1", "clear_storage", "(i32, i32) -> (i32)", false)]
    [InlineData("seal0", "take_storage", "(i32, i32, i32, i32) -> (i32)", false)]
    [InlineData("seal0", "deposit_event", "(i32, i32, i32, i32) -> ()", false)]
    [InlineData("seal0", "debug_message", "(i32, i32) -> (i32)", true)]
    [InlineData("seal0", "hash_keccak_256", "(i32, i32, i32) -> ()", true)]
    [InlineData("seal0", "seal_hash_blake2_128", "(i32, i32, i32) -> ()", true)]
    public void Table_DeclaresPalletContractsSignatures(string module, string name, string signature, bool querySafe)
    {
        Assert.True(HostFunctions.TryFind(module, name, out var function));
        Assert.Equal(signature, function.Signature);
        Assert.Equal(querySafe, function.QuerySafe);
    }

    [Fact]
    public void Table_HasEveryFunctionUnderItsPrefixedAlias_ExceptSealReturn()
    {
        Assert.False(HostFunctions.TryFind("seal0", "seal_seal_return", out _));
        foreach (var function in HostFunctions.All)
        {
            var other = function.Name.StartsWith("seal_", StringComparison.Ordinal) ? function.Name[5..] : "seal_" + function.Name;
            Assert.True(function.Name == "seal_return" || function.Module == HostFunctions.Veil || HostFunctions.TryFind(function.Module, other, out _), function.FullName);
        }

        // Veil's own module has no `seal_` aliases.
        Assert.False(HostFunctions.TryFind(HostFunctions.Veil, "seal_ed25519_verify", out _));
        Assert.Equal(48, HostFunctions.All.Count);
    }
}
