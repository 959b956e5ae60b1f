using CsCheck;
using Veil.Core;
using Veil.Enclave.Confidential;
using Veil.Enclave.Tests.Platform;
using Veil.Protocol.Confidential;
using static Veil.Enclave.Tests.Confidential.ConfidentialFixtures;

namespace Veil.Enclave.Tests.Confidential;

public class QueryOpenerTests
{
    [Fact]
    public void TryOpen_VerifiesQuery_AndOnlyTheAskerReadsTheAnswer()
    {
        using var platform = PlatformSamples.NewPlatform();
        using var keys = DerivedKeys(ContractId);
        var opener = new QueryOpener(keys, Genesis, platform);
        var sealer = new QuerySealer(keys.PublicKeys, Genesis);
        using var alicesQuery = sealer.Seal(Alice, "balance"u8, expiryBlock: 100);
        using var mallorysQuery = sealer.Seal(Mallory, "balance"u8, expiryBlock: 100);

        Assert.True(opener.TryOpen(alicesQuery.Request.Encode(), currentBlock: 90, out var verified, out var error), error);
        using (verified)
        {
            Assert.Equal(Alice.PublicKey, verified.Account);
            Assert.Equal("balance"u8.ToArray(), verified.Query);
            Assert.Equal(100ul, verified.ExpiryBlock);
            var response = verified.SealResponse("70 VEIL"u8).Encode();

            Assert.True(alicesQuery.TryOpenResponse(response, out var answer, out error), error);
            Assert.Equal("70 VEIL"u8.ToArray(), answer);
            Assert.False(mallorysQuery.TryOpenResponse(response, out _, out error));
            Assert.StartsWith("query response refused: authentication failed", error, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(100ul, true)]
    [InlineData(101ul, false)]
    public void TryOpen_RefusesQuery_OnlyAfterItsExpiryBlock(ulong currentBlock, bool accepted)
    {
        using var platform = PlatformSamples.NewPlatform();
        using var keys = DerivedKeys(ContractId);
        var opener = new QueryOpener(keys, Genesis, platform);
        using var pending = new QuerySealer(keys.PublicKeys, Genesis).Seal(Alice, "balance"u8, expiryBlock: 100);

        Assert.Equal(accepted, opener.TryOpen(pending.Request, currentBlock, out var verified, out var error));
        verified?.Dispose();
        if (!accepted)
        {
            Assert.Equal("query refused: it expired at block 100, the enclave is at block 101", error);
        }
    }

    [Fact]
    public void TryOpen_Refuses_WhenQueryNamesAnAccountThatDidNotSignIt()
    {
        using var platform = PlatformSamples.NewPlatform();
        using var keys = DerivedKeys(ContractId);
        var opener = new QueryOpener(keys, Genesis, platform);
        var signedByMallory = QueryRequest.Sign(Mallory, Genesis, ContractId, "balance"u8, 100);
        var resigned = signedByMallory with { Account = Alice.PublicKey };

        using var pending = new QuerySealer(keys.PublicKeys, Genesis).Seal(resigned);

        Assert.False(opener.TryOpen(pending.Request, 10, out var verified, out var error));
        Assert.Null(verified);
        Assert.Contains("not by the account the query names", error, StringComparison.Ordinal);
        Assert.DoesNotContain(Alice.PublicKey.ToString(), error, StringComparison.Ordinal);
        Assert.Contains("re-signed", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryOpen_Refuses_WhenSignedForAnotherChainOrContract()
    {
        using var platform = PlatformSamples.NewPlatform();
        using var keys = DerivedKeys(ContractId);
        var opener = new QueryOpener(keys, Genesis, platform);
        var sealer = new QuerySealer(keys.PublicKeys, Genesis);

        using var otherChain = sealer.Seal(QueryRequest.Sign(Alice, OtherGenesis, ContractId, "balance"u8, 100));
        using var otherContract = sealer.Seal(QueryRequest.Sign(Alice, Genesis, OtherContractId, "balance"u8, 100));

        Assert.False(opener.TryOpen(otherChain.Request, 10, out _, out var error));
        Assert.Contains("signature is not by the account", error, StringComparison.Ordinal);
        Assert.False(opener.TryOpen(otherContract.Request, 10, out _, out error));
        Assert.Contains("signature is not by the account", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryOpen_Refuses_WhenSealedForAnotherContractEpochOrChain()
    {
        using var platform = PlatformSamples.NewPlatform();
        using var keys = DerivedKeys(ContractId);
        using var otherKeys = DerivedKeys(OtherContractId);
        using var pending = new QuerySealer(keys.PublicKeys, Genesis).Seal(Alice, "balance"u8, 100);

        Assert.False(new QueryOpener(otherKeys, Genesis, platform).TryOpen(pending.Request, 10, out _, out var error));
        Assert.Equal($"query refused: it is for contract {ContractId}, not {OtherContractId}", error);
        Assert.False(new QueryOpener(keys, OtherGenesis, platform).TryOpen(pending.Request, 10, out _, out error));
        Assert.Contains("authentication failed", error, StringComparison.Ordinal);
        Assert.False(new QueryOpener(keys, Genesis, platform).TryOpen(pending.Request with { Epoch = 9 }, 10, out _, out error));
        Assert.Contains("epoch 9", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryOpen_RefusesEveryTamperedByte_AndNeverThrows()
    {
        using var platform = PlatformSamples.NewPlatform();
        using var keys = DerivedKeys(ContractId);
        var opener = new QueryOpener(keys, Genesis, platform);
        using var pending = new QuerySealer(keys.PublicKeys, Genesis).Seal(Alice, "balance"u8, 100);
        var valid = pending.Request.Encode();

        for (var i = 0; i < valid.Length; i++)
        {
            var tampered = (byte[])valid.Clone();
            tampered[i] ^= 0x01;
            Assert.False(opener.TryOpen(tampered, 10, out _, out var error), $"byte {i}");
            Assert.StartsWith("query refused: ", error, StringComparison.Ordinal);
        }

        ByteMutation.Any.Sample(mutation => Assert.False(opener.TryOpen(mutation.Apply(valid), 10, out _, out _)));
        Gen.Byte.Array[0, 400].Sample(bytes => Assert.False(opener.TryOpen(bytes, 10, out _, out _)));
    }

    [Fact]
    public void SealResponse_HidesAnswerLengthWithinBucket()
    {
        using var platform = PlatformSamples.NewPlatform();
        using var keys = DerivedKeys(ContractId);
        var opener = new QueryOpener(keys, Genesis, platform);
        using var pending = new QuerySealer(keys.PublicKeys, Genesis).Seal(Alice, "balance"u8, 100);
        Assert.True(opener.TryOpen(pending.Request, 10, out var verified, out _));
        using (verified)
        {
            Assert.Equal(verified.SealResponse([1]).Encode().Length, verified.SealResponse(new byte[60]).Encode().Length);
            Assert.NotEqual(verified.SealResponse([1]).Nonce, verified.SealResponse([1]).Nonce);
        }
    }
}
