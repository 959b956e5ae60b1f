using Veil.Core;
using Veil.Core.Hashing;
using Veil.Core.Scale;

namespace Veil.Protocol.Attestation;

/// <summary>
/// The 32 bytes an enclave puts in its attestation report to bind it to its keys, this chain and its
/// operator: BLAKE2b-256(SCALE(identity key, ECDH key, genesis hash, operator, version)). Without this
/// binding, a relayer could replay a genuine enclave's evidence with its own keys.
/// </summary>
public static class ReportData
{
    public const uint Version = 1;

    public static Hash256 Compute(Hash256 identityKey, Hash256 ecdhKey, Hash256 genesisHash, AccountId operatorAccount, uint version = Version)
    {
        var writer = new ScaleWriter(stackalloc byte[140]);
        try
        {
            writer.WriteHash(identityKey);
            writer.WriteHash(ecdhKey);
            writer.WriteHash(genesisHash);
            writer.WriteAccount(operatorAccount);
            writer.WriteU32(version);
            return Blake2b.Hash256(writer.WrittenSpan);
        }
        finally
        {
            writer.Dispose();
        }
    }
}
