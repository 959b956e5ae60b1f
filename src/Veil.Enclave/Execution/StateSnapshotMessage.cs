using System.Buffers.Binary;
using System.Security.Cryptography;
using Veil.Contracts.Runtime;
using Veil.Core;
using Veil.Core.Scale;
using Veil.Crypto;
using Veil.Enclave.Keys;
using Veil.Protocol.Messaging;

namespace Veil.Enclave.Execution;

/// <summary>
/// A contract's state at the position of a join (DESIGN §5: "a state snapshot encrypted under the contract
/// key"), sent by the running cluster workers to the worker that joined. Payload: contract id ‖ join block
/// u32 ‖ join index u32 ‖ joining worker ‖ sealed (compact-length bytes) ‖ Ed25519 signature (64 bytes)
/// by the contract's signing key over <c>"veil/state-snapshot" ‖ genesis ‖ everything before it</c>.
/// The plaintext (next contract sequence u64 ‖ state snapshot bytes) is sealed with AES-256-GCM under
/// <see cref="ContractKeys.DeriveSnapshotKey"/>, nonce = block u32 ‖ index u32 ‖ 0u32 and associated data
/// = genesis ‖ the header. Everything is deterministic, so every worker of the cluster emits the same
/// bytes and the chain accepts the first copy; the nonce is unique per key because one queue position
/// holds at most one join.
/// </summary>
internal sealed record StateSnapshotMessage(Hash256 ContractId, uint Block, int Index, Hash256 Joiner, byte[] Sealed, byte[] Signature)
{
    private const int HeaderLength = Hash256.Size + sizeof(uint) + sizeof(uint) + Hash256.Size;

    private static ReadOnlySpan<byte> Domain => "veil/state-snapshot"u8;

    /// <summary>Seals and signs the snapshot; false with a reason when it would not fit a queue message.</summary>
    public static bool TryCreate(ContractKeys keys, Hash256 genesis, uint block, int index, Hash256 joiner, ulong nextSequence, byte[] stateSnapshot, out byte[] payload, out string error)
    {
        payload = [];
        var plaintext = new byte[sizeof(ulong) + stateSnapshot.Length];
        var key = new byte[Aes256Gcm.KeySize];
        try
        {
            // Compact length prefix ≤ 5 bytes for anything that could fit.
            var size = HeaderLength + 5 + plaintext.Length + Aes256Gcm.TagSize + Ed25519.SignatureSize;
            if (size > QueueMessage.MaxPayloadLength)
            {
                error = $"the state of contract {keys.ContractId} ({stateSnapshot.Length} bytes) does not fit one queue message of {QueueMessage.MaxPayloadLength} bytes, so worker {joiner} cannot be sent it";
                return false;
            }

            BinaryPrimitives.WriteUInt64LittleEndian(plaintext, nextSequence);
            stateSnapshot.CopyTo(plaintext, sizeof(ulong));
            var header = Header(keys.ContractId, block, index, joiner);
            keys.DeriveSnapshotKey(key);
            byte[] sealedState;
            using (var aead = new Aes256Gcm(key))
            {
                sealedState = aead.Seal(Nonce(block, index), plaintext, AssociatedData(genesis, header));
            }

            var writer = new ScaleWriter(size);
            try
            {
                writer.WriteRaw(header);
                writer.WriteBytes(sealedState);
                var unsigned = writer.ToArray();
                writer.WriteRaw(keys.Signer.Sign(SigningPayload(genesis, unsigned)));
                payload = writer.ToArray();
            }
            finally
            {
                writer.Dispose();
            }

            error = string.Empty;
            return true;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
            CryptographicOperations.ZeroMemory(key);
        }
    }

    public static bool TryDecode(ReadOnlySpan<byte> payload, out StateSnapshotMessage message, out string error)
    {
        var reader = new ScaleReader(payload);
        var id = reader.ReadHash();
        var block = reader.ReadU32();
        var index = reader.ReadU32();
        var joiner = reader.ReadHash();
        var sealedState = reader.ReadBytes(QueueMessage.MaxPayloadLength).ToArray();
        var signature = reader.ReadRaw(Ed25519.SignatureSize).ToArray();
        message = new StateSnapshotMessage(id, block, (int)Math.Min(index, int.MaxValue), joiner, sealedState, signature);
        if (!reader.TryFinish(out var decodeError))
        {
            error = $"state snapshot does not decode: {decodeError}";
            return false;
        }

        error = string.Empty;
        return true;
    }

    /// <summary>Checks the contract's signature and opens the state; false with a reason otherwise.</summary>
    public bool TryOpen(ContractKeys keys, Hash256 genesis, out ulong nextSequence, out ContractState state, out string error)
    {
        nextSequence = 0;
        state = null!;
        var header = Header(ContractId, Block, Index, Joiner);
        var writer = new ScaleWriter(HeaderLength + 5 + Sealed.Length);
        byte[] unsigned;
        try
        {
            writer.WriteRaw(header);
            writer.WriteBytes(Sealed);
            unsigned = writer.ToArray();
        }
        finally
        {
            writer.Dispose();
        }

        if (!keys.Signer.Verify(SigningPayload(genesis, unsigned), Signature))
        {
            error = $"state snapshot for contract {ContractId} is not signed by the contract's key";
            return false;
        }

        var key = new byte[Aes256Gcm.KeySize];
        byte[]? plaintext = null;
        try
        {
            keys.DeriveSnapshotKey(key);
            using (var aead = new Aes256Gcm(key))
            {
                if (Sealed.Length < Aes256Gcm.TagSize + sizeof(ulong) || !aead.TryOpen(Nonce(Block, Index), Sealed, AssociatedData(genesis, header), out plaintext))
                {
                    error = $"state snapshot for contract {ContractId} does not open under the contract's key";
                    return false;
                }
            }

            nextSequence = BinaryPrimitives.ReadUInt64LittleEndian(plaintext);
            if (!ContractState.TryDecodeSnapshot(plaintext.AsSpan(sizeof(ulong)), out state, out var stateError))
            {
                error = $"state snapshot for contract {ContractId} does not decode: {stateError}";
                return false;
            }

            error = string.Empty;
            return true;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
            if (plaintext is not null)
            {
                CryptographicOperations.ZeroMemory(plaintext);
            }
        }
    }

    private static byte[] Header(Hash256 contractId, uint block, int index, Hash256 joiner)
    {
        var header = new byte[HeaderLength];
        contractId.CopyTo(header);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(Hash256.Size), block);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(Hash256.Size + sizeof(uint)), (uint)index);
        joiner.CopyTo(header.AsSpan(Hash256.Size + (2 * sizeof(uint))));
        return header;
    }

    private static byte[] Nonce(uint block, int index)
    {
        var nonce = new byte[Aes256Gcm.NonceSize];
        BinaryPrimitives.WriteUInt32LittleEndian(nonce, block);
        BinaryPrimitives.WriteUInt32LittleEndian(nonce.AsSpan(sizeof(uint)), (uint)index);
        return nonce;
    }

    private static byte[] AssociatedData(Hash256 genesis, byte[] header)
    {
        var data = new byte[Hash256.Size + header.Length];
        genesis.CopyTo(data);
        header.CopyTo(data, Hash256.Size);
        return data;
    }

    private static byte[] SigningPayload(Hash256 genesis, byte[] unsigned)
    {
        var data = new byte[Domain.Length + Hash256.Size + unsigned.Length];
        Domain.CopyTo(data);
        genesis.CopyTo(data.AsSpan(Domain.Length));
        unsigned.CopyTo(data, Domain.Length + Hash256.Size);
        return data;
    }
}
