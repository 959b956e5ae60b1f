using Veil.Crypto;

namespace Veil.Wasm.Tests;

/// <summary>Veil's own host functions (import module <c>veil</c>), checked through a contract that calls them.</summary>
public sealed class VeilHostFunctionTests
{
    // call: input = signature (64) ‖ public key (32) ‖ message; returns veil.ed25519_verify's result as a u32.
    private const string VerifierWat = """
    (module
      (import "seal0" "input" (func $input (param i32 i32)))
      (import "seal0" "seal_return" (func $seal_return (param i32 i32 i32)))
      (import "veil" "ed25519_verify" (func $verify (param i32 i32 i32 i32) (result i32)))
      (import "env" "memory" (memory 1 1))
      (func (export "deploy"))
      (func (export "call")
        (local $len i32)
        (i32.store (i32.const 0) (i32.const 4096))
        (call $input (i32.const 0x100) (i32.const 0))
        (local.set $len (i32.load (i32.const 0)))
        (if (i32.lt_u (local.get $len) (i32.const 96)) (then (unreachable)))
        (i32.store (i32.const 0x20)
          (call $verify (i32.const 0x100) (i32.const 0x140) (i32.const 0x160) (i32.sub (local.get $len) (i32.const 96))))
        (call $seal_return (i32.const 0) (i32.const 0x20) (i32.const 4))))
    """;

    [Fact]
    public void Ed25519Verify_AcceptsTheAccountsSignature_AndRefusesAnyOther()
    {
        using var alice = Ed25519KeyPair.Generate();
        using var mallory = Ed25519KeyPair.Generate();
        var message = "pay 10 to bob"u8.ToArray();
        var signature = alice.Sign(message);
        var verifier = new WasmHarness(VerifierWat, []);

        Assert.Equal(new byte[] { 0, 0, 0, 0 }, verifier.Output([.. signature, .. alice.PublicKeyBytes, .. message]));
        Assert.Equal(new byte[] { 1, 0, 0, 0 }, verifier.Output([.. signature, .. mallory.PublicKeyBytes, .. message]));
        Assert.Equal(new byte[] { 1, 0, 0, 0 }, verifier.Output([.. signature, .. alice.PublicKeyBytes, .. "pay 99 to bob"u8]));
        Assert.Equal(new byte[] { 1, 0, 0, 0 }, verifier.Output([.. mallory.Sign(message), .. alice.PublicKeyBytes, .. message]));
    }

    [Fact]
    public void Ed25519Verify_ChargesForTheVerification_AndIsAllowedInQueries()
    {
        using var alice = Ed25519KeyPair.Generate();
        var message = new byte[100];
        var verifier = new WasmHarness(VerifierWat, []);
        byte[] input = [.. alice.Sign(message), .. alice.PublicKeyBytes, .. message];

        var outcome = verifier.Call(input);
        Assert.True(outcome.IsSuccess, outcome.ToString());
        Assert.True(outcome.GasUsed >= WasmGas.Ed25519Verify, $"only {outcome.GasUsed} gas charged");
        Assert.Equal(new byte[] { 0, 0, 0, 0 }, verifier.Query(input).Answer);

        // Without the gas for one verification the call runs out and changes nothing.
        Assert.False(verifier.Call(input, gasLimit: WasmGas.Ed25519Verify / 2).IsSuccess);
    }
}
