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

    private static ReadOnlySpan<byte> HashInput(WasmExecution e, ReadOnlySpan<ValueBox> a, ulong perByte)
    {
        var length = U32(a, 1);
        e.Charge(WasmGas.HashBase + (perByte * length));
        return e.Read(U32(a, 0), length);
    }
}
