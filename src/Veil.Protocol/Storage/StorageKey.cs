using Veil.Core;
using Veil.Core.Hashing;

namespace Veil.Protocol.Storage;

/// <summary>
/// Storage keys built as Substrate builds them: twox128(module) ‖ twox128(item) for a value, followed by
/// blake2_128concat(key) = blake2_128(key) ‖ key for a map entry. Polkadot tooling computes the same keys.
/// </summary>
public static class StorageKey
{
    public static byte[] Value(string module, string item)
    {
        var key = new byte[32];
        TwoX.Twox128(System.Text.Encoding.UTF8.GetBytes(module), key);
        TwoX.Twox128(System.Text.Encoding.UTF8.GetBytes(item), key.AsSpan(16));
        return key;
    }

    /// <summary>The 32-byte prefix of a map (twox128(module) ‖ twox128(item)).</summary>
    public static byte[] MapPrefix(string module, string item) => Value(module, item);

    public static byte[] Blake2_128Concat(ReadOnlySpan<byte> prefix32, ReadOnlySpan<byte> mapKey)
    {
        var key = new byte[prefix32.Length + 16 + mapKey.Length];
        prefix32.CopyTo(key);
        Blake2b.Hash128(mapKey, key.AsSpan(prefix32.Length, 16));
        mapKey.CopyTo(key.AsSpan(prefix32.Length + 16));
        return key;
    }

    public static readonly byte[] SystemAccountPrefix = MapPrefix("System", "Account");
    public static readonly byte[] SystemNumber = Value("System", "Number");
    public static readonly byte[] SystemEvents = Value("System", "Events");
    public static readonly byte[] BalancesTotalIssuance = Value("Balances", "TotalIssuance");

    public static readonly byte[] ConsensusAuthorities = Value("Consensus", "Authorities");
    public static readonly byte[] SystemChainParameters = Value("System", "ChainParameters");
    public static readonly byte[] MessageQueueSequencePrefix = MapPrefix("MessageQueue", "Sequence");
    public static readonly byte[] RegistryWorkerPrefix = MapPrefix("Registry", "Workers");
    public static readonly byte[] RegistryAttestationRoots = Value("Registry", "AttestationRoots");
    public static readonly byte[] RegistryMeasurements = Value("Registry", "Measurements");
    public static readonly byte[] RegistryGatekeepers = Value("Registry", "Gatekeepers");

    public static readonly byte[] ContractsPrefix = MapPrefix("Contracts", "Contracts");
    public static readonly byte[] ContractStateReportPrefix = MapPrefix("Contracts", "StateReports");
    public static readonly byte[] ContractCodePrefix = MapPrefix("Contracts", "Code");

    /// <summary>Uploaded WebAssembly code, keyed by its BLAKE2b-256 hash.</summary>
    public static byte[] ContractCode(Hash256 codeHash)
    {
        Span<byte> hash = stackalloc byte[32];
        codeHash.CopyTo(hash);
        return Blake2_128Concat(ContractCodePrefix, hash);
    }

    public static byte[] Contract(Hash256 contractId)
    {
        Span<byte> id = stackalloc byte[32];
        contractId.CopyTo(id);
        return Blake2_128Concat(ContractsPrefix, id);
    }

    /// <summary>A worker's latest state-hash report for a contract, keyed by contract id ‖ worker identity.</summary>
    public static byte[] ContractStateReport(Hash256 contractId, Hash256 worker)
    {
        Span<byte> pair = stackalloc byte[64];
        contractId.CopyTo(pair);
        worker.CopyTo(pair[32..]);
        return Blake2_128Concat(ContractStateReportPrefix, pair);
    }

    public static byte[] RegistryWorker(Hash256 identityKey)
    {
        Span<byte> id = stackalloc byte[32];
        identityKey.CopyTo(id);
        return Blake2_128Concat(RegistryWorkerPrefix, id);
    }

    /// <summary>The next expected sequence number of an off-chain sender, keyed by its SCALE-encoded origin.</summary>
    public static byte[] MessageQueueSequence(ReadOnlySpan<byte> encodedOrigin) => Blake2_128Concat(MessageQueueSequencePrefix, encodedOrigin);

    public static byte[] SystemAccount(AccountId account)
    {
        Span<byte> id = stackalloc byte[32];
        account.CopyTo(id);
        return Blake2_128Concat(SystemAccountPrefix, id);
    }
}
