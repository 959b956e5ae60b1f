using System.Security.Cryptography;
using Org.BouncyCastle.Crypto.Digests;
using Veil.Core.Hashing;
using Wasmtime;

namespace Veil.Wasm.Host;

/// <summary>
/// Hashes: hash_*(input_ptr, input_len, output_ptr) write 32 (or 16) bytes at output_ptr, which the
/// contract must have room for; input and output may overlap (the digest is computed before it is written).
/// </summary>
internal static partial class HostFunctions
{
    private static void HashSha256(WasmExecution e, ReadOnlySpan<ValueBox> a, Span<ValueBox> r)
    {
        Span<byte> digest = stackalloc byte[32];
        SHA256.HashData(HashInput(e, a, WasmGas.Sha256PerByte), digest);
        e.Write(U32(a, 2), digest);
    }

    // Keccak-256 as Ethereum uses it (original Keccak padding, not SHA3-256), from BouncyCastle.
    private static void HashKeccak256(WasmExecution e, ReadOnlySpan<ValueBox> a, Span<ValueBox> r)
    {
        Span<byte> digest = stackalloc byte[32];
        var keccak = new KeccakDigest(256);
        keccak.BlockUpdate(HashInput(e, a, WasmGas.Keccak256PerByte));
        keccak.DoFinal(digest);
        e.Write(U32(a, 2), digest);
    }

    private static void HashBlake2x256(WasmExecution e, ReadOnlySpan<ValueBox> a, Span<ValueBox> r)
    {
        Span<byte> digest = stackalloc byte[32];
        Blake2b.Hash256(HashInput(e, a, WasmGas.Blake2PerByte), digest);
        e.Write(U32(a, 2), digest);
    }

    private static void HashBlake2x128(WasmExecution e, ReadOnlySpan<ValueBox> a, Span<ValueBox> r)
    {
        Span<byte> digest = stackalloc byte[16];
        Blake2b.Hash128(HashInput(e, a, WasmGas.Blake2PerByte), digest);
        e.Write(U32(a, 2), digest);
    }

    /// <summary>
    /// veil.ed25519_verify(signature_ptr, public_key_ptr, message_ptr, message_len) -> i32: 0 when the
    /// 64-byte signature at signature_ptr is the 32-byte key's Ed25519 signature of the message (Veil's
    /// accounts are Ed25519, so contracts can check signatures made by any account), 1 when it is not.
    /// </summary>
    private static void Ed25519Verify(WasmExecution e, ReadOnlySpan<ValueBox> a, Span<ValueBox> r)
    {
        var length = U32(a, 3);
        e.Charge(WasmGas.Ed25519Verify + (WasmGas.Sha256PerByte * length));
        Span<byte> signature = stackalloc byte[global::Veil.Crypto.Ed25519.SignatureSize];
        Span<byte> publicKey = stackalloc byte[32];
        e.Read(U32(a, 0), (uint)signature.Length).CopyTo(signature);
        e.Read(U32(a, 1), (uint)publicKey.Length).CopyTo(publicKey);
        var valid = global::Veil.Crypto.Ed25519.Verify(publicKey, e.Read(U32(a, 2), length), signature);
        SetResult(r, valid ? 0u : 1u);
    }

    private static ReadOnlySpan<byte> HashInput(WasmExecution e, ReadOnlySpan<ValueBox> a, ulong perByte)
    {
        var length = U32(a, 1);
        e.Charge(WasmGas.HashBase + (perByte * length));
        return e.Read(U32(a, 0), length);
    }
}
