using Veil.Core;
using Veil.Protocol.Storage;
using Veil.Protocol.Tests.Transactions;

namespace Veil.Protocol.Tests.Storage;

/// <summary>Storage keys are read by Polkadot tooling, so they are frozen to Substrate's well-known values.</summary>
public class StorageKeyTests
{
    [Fact]
    public void SystemAccountPrefix_EqualsSubstrateKey()
    {
        Assert.Equal("0x26aa394eea5630e07c48ae0c9558cef7b99d880ec681799c0cf30e8886371da9", Hex.Encode(StorageKey.SystemAccountPrefix));
    }

    [Fact]
    public void ValueKeys_EqualSubstrateKeys_ForSystemAndBalancesItems()
    {
        Assert.Equal("0xc2261276cc9d1f8598ea4b6a74b15c2f57c875e4cff74148e4628f264b974c80", Hex.Encode(StorageKey.BalancesTotalIssuance));
        Assert.Equal("0x26aa394eea5630e07c48ae0c9558cef702a5c1b19ab7a04f536c519aca4983ac", Hex.Encode(StorageKey.SystemNumber));
        Assert.Equal("0x26aa394eea5630e07c48ae0c9558cef780d41e5e16056765bc8461851072c9d7", Hex.Encode(StorageKey.SystemEvents));
    }

    [Fact]
    public void SystemAccount_IsPrefixThenBlake2_128ConcatOfAccount_ForAlice()
    {
        // Computed with @polkadot/util-crypto: xxhashAsU8a('System',128) ‖ xxhashAsU8a('Account',128) ‖ blake2AsU8a(alice,128) ‖ alice.
        Assert.Equal(
            "0x26aa394eea5630e07c48ae0c9558cef7b99d880ec681799c0cf30e8886371da9"
            + "280b197190fc1a763257f65171ea366e"
            + "88dc3417d5058ec4b4503e0c12ea1a0a89be200fe98922423d4334014fa6b0ee",
            Hex.Encode(StorageKey.SystemAccount(SampleExtrinsics.Alice.Value.PublicKey)));
    }

    [Fact]
    public void Blake2_128Concat_KeepsTheKeyReadable_WhenKeyIsEmptyOrLong()
    {
        var prefix = StorageKey.MapPrefix("Veil", "Test");
        Assert.Equal(48, StorageKey.Blake2_128Concat(prefix, []).Length);
        var key = new byte[100];
        key[99] = 7;
        var full = StorageKey.Blake2_128Concat(prefix, key);
        Assert.Equal(148, full.Length);
        Assert.Equal(key, full[48..]);
        Assert.Equal(prefix, full[..32]);
    }
}
