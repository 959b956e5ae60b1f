using CsCheck;
using Veil.Core;
using Veil.Crypto;
using Veil.Protocol.Confidential;
using static Veil.Protocol.Tests.Confidential.ConfidentialSamples;

namespace Veil.Protocol.Tests.Confidential;

public class QuerySealerTests
{
    // Also produced independently by Python's `cryptography` (X25519, HKDF, AES-GCM) from the same inputs.
    // Contract secret 0x01..0x20, ephemeral secret 0x40..0x5f, nonce 0x60..0x6b, epoch 7, query
    // "balance" by the 0x41-seed account, expiry 1000.
    internal const string GoldenSealedQuery =
        "0x0107000000111111111111111111111111111111111111111111111111111111111111111179a631eede1bf9c98f12032c"
        + "deadd0e7a079398fc786b88cc846ec89af85a51a606162636465666768696a6b4104ce1b5e83e4168d1f29941d86b2c6eba6"
        + "fc8fd7e78bfa054dd54237878198e0e6c634cf1ea4a74fa71e354de0caa928a09ef90944ac91a7f5915c33bbc2cedec6dbfb"
        + "7fa7e90815d00b0e0b32aa6d0910933e2ff0661cfc50a9652ad6f6c997f2f3c3c6d2b193513bb7d595dfad1419a724cf624b"
        + "00e01b5d53d12a75e5cf64842713f15fdd0a99ea9b2547dfa330151f436bb7238e44ee8bb163404f5f28bda4cac15039a24d"
        + "c0608437a53c08d38b9834fb026529d4dc694d9f02bd3dcefcadcfc22ff18bd9bc651c8488749263f0e78a331085d3bc0789"
        + "de062afbabcd7e02de917145b65f87aa3fdc346b909253c1bdea9502d8a4c4279d6c1403cebf9f1a32201868caa1235ad810"
        + "b0014d85c514";

    [Fact]
    public void Seal_MatchesGoldenVector_WhenKeysAndNonceAreFixed()
    {
        var sealer = new QuerySealer(Contract, Genesis, Counting());

        using var pending = sealer.Seal(Account, "balance"u8, 1000);

        Assert.Equal(GoldenSealedQuery, Hex.Encode(pending.Request.Encode()));
    }

    [Fact]
    public void Seal_GivesQueryTheContractCanOpen_WithTheSignedRequestInside()
    {
        var sealer = new QuerySealer(Contract, Genesis);

        using var pending = sealer.Seal(Account, "balance"u8, 1000);

        Assert.Equal(ContractId, pending.Request.ContractId);
        Assert.Equal(Contract.Epoch, pending.Request.Epoch);
        var request = OpenRequest(pending.Request);
        Assert.Equal("balance"u8.ToArray(), request.Query);
        Assert.Equal(1000ul, request.ExpiryBlock);
        Assert.True(request.VerifySignature(Genesis, ContractId));
    }

    [Fact]
    public void Seal_UsesAFreshEphemeralKeyAndNonce_ForEachQuery()
    {
        var sealer = new QuerySealer(Contract, Genesis);

        using var first = sealer.Seal(Account, "balance"u8, 1000);
        using var second = sealer.Seal(Account, "balance"u8, 1000);

        Assert.NotEqual(first.Request.EphemeralKey, second.Request.EphemeralKey);
        Assert.NotEqual(first.Request.Nonce, second.Request.Nonce);
    }

    [Fact]
    public void TryOpenResponse_ReturnsAnswer_WhenSealedWithThisQuerysKey()
    {
        var sealer = new QuerySealer(Contract, Genesis);
        using var pending = sealer.Seal(Account, "balance"u8, 1000);

        var response = SealResponse(pending.Request, "70"u8);

        Assert.True(pending.TryOpenResponse(response.Encode(), out var answer, out var error), error);
        Assert.Equal("70"u8.ToArray(), answer);
    }

    [Fact]
    public void TryOpenResponse_Refuses_WhenAnswerIsForAnotherQuery()
    {
        var sealer = new QuerySealer(Contract, Genesis);
        using var mine = sealer.Seal(Account, "balance"u8, 1000);
        using var theirs = sealer.Seal(OtherAccount, "balance"u8, 1000);

        var response = SealResponse(theirs.Request, "70"u8);

        Assert.False(mine.TryOpenResponse(response, out var answer, out var error));
        Assert.Empty(answer);
        Assert.StartsWith("query response refused: authentication failed", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryOpenResponse_RefusesEveryDamagedResponse_WithoutThrowing()
    {
        var sealer = new QuerySealer(Contract, Genesis);
        using var pending = sealer.Seal(Account, "balance"u8, 1000);
        var valid = SealResponse(pending.Request, "70"u8).Encode();
        for (var i = 0; i < valid.Length; i++)
        {
            var tampered = (byte[])valid.Clone();
            tampered[i] ^= 0x01;
            Assert.False(pending.TryOpenResponse(tampered, out _, out var error));
            Assert.StartsWith("query response refused: ", error, StringComparison.Ordinal);
        }

        ByteMutation.Any.Sample(mutation => Assert.False(pending.TryOpenResponse(mutation.Apply(valid), out _, out _)));
        Gen.Byte.Array[0, 200].Sample(bytes => Assert.False(pending.TryOpenResponse(bytes, out _, out _)));
    }

    [Fact]
    public void SealedQuery_TryDecode_RoundTrips_AndNeverThrows()
    {
        var sealer = new QuerySealer(Contract, Genesis);
        using var pending = sealer.Seal(Account, "balance"u8, 1000);
        var valid = pending.Request.Encode();

        Assert.True(SealedQuery.TryDecode(valid, out var decoded, out var error), error);
        Assert.Equal(valid, decoded.Encode());
        ByteMutation.Any.Sample(mutation => { _ = SealedQuery.TryDecode(mutation.Apply(valid), out _, out _); });
    }

    private static byte[] SharedSecret(SealedQuery query)
    {
        var shared = new byte[32];
        Assert.True(X25519.TryAgree(ContractSecret, query.EphemeralKey.ToArray(), shared));
        return shared;
    }

    private static QueryRequest OpenRequest(SealedQuery query)
    {
        var key = new byte[32];
        EnvelopeKeys.DeriveQueryKey(SharedSecret(query), query.EphemeralKey, ContractEcdhKey, key);
        var associatedData = new byte[SealedQuery.AssociatedDataSize];
        SealedQuery.WriteAssociatedData(query.Version, query.Epoch, query.ContractId, Genesis, associatedData);
        using var aead = new Aes256Gcm(key);
        Assert.True(aead.TryOpen(query.Nonce, query.Ciphertext, associatedData, out var padded));
        Assert.True(PlaintextPadding.TryUnpad(padded, out var plaintext, out var paddingError), paddingError);
        Assert.True(QueryRequest.TryDecode(plaintext, out var request, out var error), error);
        return request;
    }

    private static SealedQueryResponse SealResponse(SealedQuery query, ReadOnlySpan<byte> answer)
    {
        var key = new byte[32];
        EnvelopeKeys.DeriveQueryResponseKey(SharedSecret(query), query.EphemeralKey, ContractEcdhKey, key);
        var associatedData = new byte[SealedQueryResponse.AssociatedDataSize];
        SealedQueryResponse.WriteAssociatedData(query.Nonce, query.ContractId, Genesis, associatedData);
        var nonce = SecureRandom.GetBytes(12);
        using var aead = new Aes256Gcm(key);
        return new SealedQueryResponse(1, nonce, aead.Seal(nonce, PlaintextPadding.Pad(answer), associatedData: associatedData));
    }
}
