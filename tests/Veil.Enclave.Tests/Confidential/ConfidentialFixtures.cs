using Veil.Core;
using Veil.Crypto;
using Veil.Enclave.Keys;

namespace Veil.Enclave.Tests.Confidential;

/// <summary>Fixed chain, contract and account keys for the confidential tests.</summary>
internal static class ConfidentialFixtures
{
    public static readonly Hash256 Genesis = new(Enumerable.Repeat((byte)0xc3, 32).ToArray());

    public static readonly Hash256 OtherGenesis = new(Enumerable.Repeat((byte)0xc4, 32).ToArray());

    public static readonly Hash256 ContractId = new(Enumerable.Repeat((byte)0x11, 32).ToArray());

    public static readonly Hash256 OtherContractId = new(Enumerable.Repeat((byte)0x12, 32).ToArray());

    public static readonly byte[] MasterSecret = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();

    /// <summary>Ed25519 account with seed 0x41 × 32 (the Protocol tests' sample account).</summary>
    public static readonly Ed25519KeyPair Alice = new(Enumerable.Repeat((byte)0x41, 32).ToArray());

    public static readonly Ed25519KeyPair Mallory = new(Enumerable.Repeat((byte)0x42, 32).ToArray());

    /// <summary>Contract keys whose ECDH secret is 0x01..0x20, as in the Protocol golden vectors (epoch 7).</summary>
    public static ContractKeys GoldenContractKeys()
        => new(ContractId, 7, Enumerable.Range(1, 32).Select(i => (byte)i).ToArray(), Enumerable.Repeat((byte)0x22, 32).ToArray());

    public static ContractKeys DerivedKeys(Hash256 contractId, uint epoch = 1)
    {
        using var master = new MasterKey(MasterSecret, epoch);
        return master.DeriveContractKeys(contractId);
    }
}
