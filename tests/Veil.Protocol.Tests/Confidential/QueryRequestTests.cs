using CsCheck;
using Veil.Core;
using Veil.Protocol.Confidential;
using static Veil.Protocol.Tests.Confidential.ConfidentialSamples;

namespace Veil.Protocol.Tests.Confidential;

public class QueryRequestTests
{
    // "veil/query" ‖ genesis ‖ contract id ‖ Vec<u8> "balance" ‖ expiry 1000 (u64 LE).
    private const string GoldenSigningPayload =
        "0x7665696c2f7175657279"
        + "c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3"
        + "1111111111111111111111111111111111111111111111111111111111111111"
        + "1c62616c616e6365"
        + "e803000000000000";

    [Fact]
    public void SigningPayload_MatchesGoldenVector()
        => Assert.Equal(GoldenSigningPayload, Hex.Encode(QueryRequest.SigningPayload(Genesis, ContractId, "balance"u8, 1000)));

    [Fact]
    public void VerifySignature_ReturnsTrue_WhenSignedByTheNamedAccount()
    {
        var request = QueryRequest.Sign(Account, Genesis, ContractId, "balance"u8, 1000);

        Assert.Equal(Account.PublicKey, request.Account);
        Assert.True(request.VerifySignature(Genesis, ContractId));
    }

    [Fact]
    public void VerifySignature_ReturnsFalse_WhenAnyFieldOrContextChanges()
    {
        var request = QueryRequest.Sign(Account, Genesis, ContractId, "balance"u8, 1000);
        var other = new Hash256(Enumerable.Repeat((byte)0x99, 32).ToArray());

        Assert.False((request with { Query = "balancf"u8.ToArray() }).VerifySignature(Genesis, ContractId));
        Assert.False((request with { ExpiryBlock = 1001 }).VerifySignature(Genesis, ContractId));
        Assert.False((request with { Account = OtherAccount.PublicKey }).VerifySignature(Genesis, ContractId));
        Assert.False((request with { Signature = new byte[10] }).VerifySignature(Genesis, ContractId));
        Assert.False(request.VerifySignature(other, ContractId));
        Assert.False(request.VerifySignature(Genesis, other));
    }

    [Fact]
    public void TryDecode_RoundTrips_AnyRequest()
    {
        Gen.Select(Gen.Byte.Array[0, 200], Gen.Byte.Array[32], Gen.ULong, Gen.Byte.Array[64]).Sample((query, account, expiry, signature) =>
        {
            var request = new QueryRequest(query, new AccountId(account), expiry, signature);
            Assert.True(QueryRequest.TryDecode(request.Encode(), out var decoded, out var error), error);
            Assert.Equal(request.Encode(), decoded.Encode());
        });
    }

    [Fact]
    public void TryDecode_NeverThrows_WhenInputIsDamaged()
    {
        var valid = QueryRequest.Sign(Account, Genesis, ContractId, "balance"u8, 1000).Encode();
        ByteMutation.Any.Sample(mutation => { _ = QueryRequest.TryDecode(mutation.Apply(valid), out _, out _); });
    }

    [Fact]
    public void Sign_Throws_WhenQueryIsTooLong()
        => Assert.Throws<ArgumentException>(() => QueryRequest.Sign(Account, Genesis, ContractId, new byte[QueryRequest.MaxQueryLength + 1], 1));
}
