using Veil.Core;
using Veil.Core.Scale;
using Veil.Protocol.Messaging;

namespace Veil.Protocol.Contracts;

/// <summary>
/// The announcement of a WebAssembly contract on <see cref="ContractTopics.Deployed"/>: the contract record
/// (kind <c>wasm:&lt;code hash&gt;</c>), the code itself, the public constructor input (selector ‖ SCALE args)
/// and the deploying block's timestamp. The code travels inside the queue message so it reaches enclaves
/// through the light client's messages-root check: a relayer cannot swap it, and an enclave needs no
/// other chain state. SCALE: <c>info ‖ code: Vec&lt;u8&gt; ‖ constructor: Vec&lt;u8&gt; ‖ timestamp: u64</c>.
/// </summary>
public sealed record WasmDeployment(ContractInfo Info, byte[] Code, byte[] Constructor, ulong Timestamp)
{
    /// <summary>
    /// Largest code the chain accepts. With the record (under 1 KiB) and the constructor input it must fit
    /// one queue message (<see cref="QueueMessage.MaxPayloadLength"/>, 256 KiB), so no chunking is needed;
    /// ink! contracts are typically 10–50 KiB.
    /// </summary>
    public const int MaxCodeLength = 192 * 1024;

    /// <summary>Largest constructor input (pallet-contracts bounds call data at a few KiB too).</summary>
    public const int MaxConstructorLength = 16 * 1024;

    public byte[] Encode()
    {
        var writer = new ScaleWriter(Code.Length + Constructor.Length + 1024);
        try
        {
            Info.Encode(ref writer);
            writer.WriteBytes(Code);
            writer.WriteBytes(Constructor);
            writer.WriteU64(Timestamp);
            return writer.ToArray();
        }
        finally
        {
            writer.Dispose();
        }
    }

    /// <summary>Decodes an announcement and checks that the code hashes to the one its kind names.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> bytes, out WasmDeployment deployment, out string error)
    {
        var reader = new ScaleReader(bytes);
        var info = ContractInfo.Decode(ref reader);
        var code = reader.ReadBytes(MaxCodeLength).ToArray();
        var constructor = reader.ReadBytes(MaxConstructorLength).ToArray();
        var timestamp = reader.ReadU64();
        deployment = new WasmDeployment(info, code, constructor, timestamp);
        if (!reader.TryFinish(out error))
        {
            return false;
        }

        if (!info.TryGetCodeHash(out var codeHash))
        {
            error = $"contract {info.Id} of kind '{info.Kind}' is not a WebAssembly contract";
            return false;
        }

        if (Veil.Core.Hashing.Blake2b.Hash256(code) != codeHash)
        {
            error = $"the code announced for contract {info.Id} does not hash to {codeHash}";
            return false;
        }

        return true;
    }
}
