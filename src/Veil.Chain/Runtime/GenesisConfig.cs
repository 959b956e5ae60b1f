using Veil.Chain.Spec;
using Veil.Chain.State;
using Veil.Core;
using Veil.Core.Scale;
using Veil.Protocol.Storage;

namespace Veil.Chain.Runtime;

/// <summary>
/// Writes a chain spec's non-balance settings into the genesis state, so the genesis hash commits to
/// them: two specs that differ in authorities, fees, attestation roots or measurements are different
/// chains, and a data directory of one cannot be opened with the other.
/// </summary>
public static class GenesisConfig
{
    public static void Write(StateOverlay state, ChainSpec spec)
    {
        var authorities = new List<Hash256>(spec.Authorities.Count);
        foreach (var authority in spec.Authorities) authorities.Add(new Hash256(authority.ToArray()));
        state.Set(StorageKey.ConsensusAuthorities, EncodeHashes(authorities));
        state.Set(StorageKey.SystemChainParameters, EncodeParameters(spec.Parameters));
        state.Set(StorageKey.RegistryAttestationRoots, EncodeHashes(spec.AttestationRoots));
        state.Set(StorageKey.RegistryMeasurements, EncodeHashes(spec.Measurements));
        state.Set(StorageKey.RegistryGatekeepers, EncodeHashes(spec.Gatekeepers));
    }

    public static byte[] EncodeHashes(IReadOnlyList<Hash256> hashes)
    {
        var writer = new ScaleWriter(5 + (hashes.Count * 32));
        try
        {
            writer.WriteLength(hashes.Count);
            foreach (var hash in hashes) writer.WriteHash(hash);
            return writer.ToArray();
        }
        finally
        {
            writer.Dispose();
        }
    }

    public static List<Hash256> ReadHashes(IStateReader state, byte[] key)
    {
        var list = new List<Hash256>();
        if (!state.TryGet(key, out var bytes)) return list;
        var reader = new ScaleReader(bytes);
        var count = reader.ReadLength(100_000, 32);
        for (var i = 0; i < count; i++) list.Add(reader.ReadHash());
        return reader.TryFinish(out var error) ? list : throw new InvalidDataException($"corrupt hash list in state: {error}");
    }

    private static byte[] EncodeParameters(ChainParameters p)
    {
        var writer = new ScaleWriter(96);
        try
        {
            writer.WriteU128(p.ExistentialDeposit);
            writer.WriteU128(p.BaseFee);
            writer.WriteU128(p.ByteFee);
            writer.WriteU32(p.NonceWindow);
            writer.WriteU32((uint)p.MaxBlockExtrinsics);
            writer.WriteU32((uint)p.MaxBlockBytes);
            writer.WriteU64(p.MaxEvidenceAgeMs);
            return writer.ToArray();
        }
        finally
        {
            writer.Dispose();
        }
    }
}
