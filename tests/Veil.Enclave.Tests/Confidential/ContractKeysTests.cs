using Veil.Core;
using Veil.Enclave.Keys;
using Veil.Enclave.Tests.Platform;
using static Veil.Enclave.Tests.Confidential.ConfidentialFixtures;

namespace Veil.Enclave.Tests.Confidential;

public class ContractKeysTests
{
    // HKDF-SHA256(master 0x01..0x20, salt empty, info label ‖ 0x00 ‖ contract id 0x11…), also computed by
    // Python's `cryptography`: the ECDH public key, and the Ed25519 public key of the signing seed.
    private const string GoldenEcdhKey = "0x87283108e865b20c8a1855b90908056979351269667dad3d2e0a5476036cc91b";
    private const string GoldenSigningKey = "0xadaf960702a2590f21e3779d96f90394e4e62b68c7a730551309b8c871311031";

    [Fact]
    public void DeriveContractKeys_MatchesGoldenVector_WhenMasterAndIdAreFixed()
    {
        using var keys = DerivedKeys(ContractId, epoch: 3);

        Assert.Equal(GoldenEcdhKey, keys.PublicKeys.EcdhKey.ToString());
        Assert.Equal(GoldenSigningKey, keys.PublicKeys.SigningKey.ToString());
        Assert.Equal(3u, keys.PublicKeys.Epoch);
        Assert.Equal(ContractId, keys.PublicKeys.ContractId);
    }

    [Fact]
    public void DeriveContractKeys_GivesSameKeys_OnTwoWorkersWithTheSameMaster()
    {
        using var gatekeeper = new MasterKey(MasterSecret, 1);
        using var otherGatekeeper = new MasterKey((byte[])MasterSecret.Clone(), 1);

        using var first = gatekeeper.DeriveContractKeys(ContractId);
        using var second = otherGatekeeper.DeriveContractKeys(ContractId);

        Assert.Equal(first.PublicKeys, second.PublicKeys);
        Assert.Equal(first.Signer.Sign("m"u8), second.Signer.Sign("m"u8));
    }

    [Fact]
    public void DeriveContractKeys_GivesDistinctKeys_AcrossContractsEpochsAndMasters()
    {
        using var a = DerivedKeys(ContractId, 1);
        using var b = DerivedKeys(OtherContractId, 1);
        using var c = DerivedKeys(ContractId, 2);
        using var other = new MasterKey(Enumerable.Repeat((byte)9, 32).ToArray(), 1);
        using var d = other.DeriveContractKeys(ContractId);
        using var e = DerivedKeys(ContractId, 1);

        var all = new[] { a, b, d }.SelectMany(k => new[] { k.PublicKeys.EcdhKey, k.PublicKeys.SigningKey }).ToList();
        Assert.Equal(all.Count, all.Distinct().Count());
        Assert.NotEqual(a.PublicKeys, c.PublicKeys);
        Assert.Equal(a.PublicKeys, e.PublicKeys);
    }

    [Fact]
    public void DeriveContractKeys_GivesDifferentKeys_WhenEpochsHaveDifferentMasters()
    {
        using var platform = PlatformSamples.NewPlatform();
        using var epoch1 = MasterKey.Generate(platform, 1);
        using var epoch2 = MasterKey.Generate(platform, 2);

        using var k1 = epoch1.DeriveContractKeys(ContractId);
        using var k2 = epoch2.DeriveContractKeys(ContractId);

        Assert.NotEqual(k1.PublicKeys.EcdhKey, k2.PublicKeys.EcdhKey);
        Assert.NotEqual(k1.PublicKeys.SigningKey, k2.PublicKeys.SigningKey);
        Assert.Equal(2u, k2.Epoch);
    }

    [Fact]
    public void Dispose_ZeroesSecrets_SoSigningFails()
    {
        var keys = DerivedKeys(ContractId);
        keys.Dispose();

        Assert.Throws<ObjectDisposedException>(() => keys.Signer.Sign("m"u8));
    }

    [Fact]
    public void StateCommitment_IsTheSameForTheSameKeys_AndHidesTheStateHash()
    {
        var master = new byte[32];
        var stateHash = new Hash256(Enumerable.Repeat((byte)3, 32).ToArray());
        using var keys = ContractKeys.Derive(master, new Hash256(Enumerable.Repeat((byte)1, 32).ToArray()), 1);
        using var again = ContractKeys.Derive(master, new Hash256(Enumerable.Repeat((byte)1, 32).ToArray()), 1);
        using var otherContract = ContractKeys.Derive(master, new Hash256(Enumerable.Repeat((byte)2, 32).ToArray()), 1);

        var commitment = keys.StateCommitment(7, stateHash);
        Assert.Equal(commitment, again.StateCommitment(7, stateHash));
        Assert.NotEqual(commitment, keys.StateCommitment(8, stateHash));
        Assert.NotEqual(commitment, keys.StateCommitment(7, new Hash256(Enumerable.Repeat((byte)4, 32).ToArray())));
        Assert.NotEqual(commitment, otherContract.StateCommitment(7, stateHash));
        Assert.NotEqual(stateHash, commitment);
    }
}
