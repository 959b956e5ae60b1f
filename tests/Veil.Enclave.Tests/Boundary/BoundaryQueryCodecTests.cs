using CsCheck;
using Veil.Core;
using Veil.Enclave.Boundary;
using Veil.Protocol.Registry;

namespace Veil.Enclave.Tests.Boundary;

/// <summary>Round trips and hostile bytes for the boundary's request and response enums, Query variants included.</summary>
public class BoundaryQueryCodecTests
{
    private static readonly EnclaveInfo SampleInfo = new(
        new Hash256(Enumerable.Repeat((byte)1, 32).ToArray()),
        new Hash256(Enumerable.Repeat((byte)2, 32).ToArray()),
        new Hash256(Enumerable.Repeat((byte)3, 32).ToArray()),
        WorkerRole.Worker,
        BoundaryChain.Genesis,
        42,
        new Hash256(Enumerable.Repeat((byte)4, 32).ToArray()),
        7);

    [Fact]
    public void Query_EncodesAsVariantFiveWithLengthPrefixedBytes()
    {
        var encoded = BoundaryRequest.Query([0xaa, 0xbb]).Encode();

        Assert.Equal(5, (int)BoundaryRequestKind.Query);
        Assert.Equal(new byte[] { 0x05, 0x08, 0xaa, 0xbb }, encoded);
    }

    [Fact]
    public void QueryAnswer_EncodesAsVariantSixWithLengthPrefixedBytes()
    {
        var encoded = BoundaryResponse.ForQueryAnswer([0xcc]).Encode();

        Assert.Equal(6, (int)BoundaryResponseKind.QueryAnswer);
        Assert.Equal(new byte[] { 0x06, 0x04, 0xcc }, encoded);
    }

    [Fact]
    public void TryDecode_RoundTripsQueryRequestsAndAnswers_ForAnyBytes()
    {
        Gen.Byte.Array[0, 2048].Sample(data =>
        {
            Assert.True(BoundaryRequest.TryDecode(BoundaryRequest.Query(data).Encode(), out var request, out var error), error);
            Assert.Equal(BoundaryRequestKind.Query, request.Kind);
            Assert.Equal(data, request.Data);

            Assert.True(BoundaryResponse.TryDecode(BoundaryResponse.ForQueryAnswer(data).Encode(), out var response, out error), error);
            Assert.Equal(BoundaryResponseKind.QueryAnswer, response.Kind);
            Assert.Equal(data, response.Bytes);
            Assert.False(response.IsError);
        });
    }

    [Theory]
    [InlineData(0, true)]
    [InlineData(1, false)]
    public void TryDecode_RefusesQueryRequest_OnlyOverMaxQueryLength(int over, bool accepted)
    {
        var data = new byte[BoundaryRequest.MaxQueryLength + over];

        Assert.Equal(accepted, BoundaryRequest.TryDecode(BoundaryRequest.Query(data).Encode(), out var request, out var error));
        if (accepted)
        {
            Assert.Equal(data.Length, request.Data.Length);
        }
        else
        {
            Assert.StartsWith("undecodable boundary request", error, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(new byte[] { 0x06 })]
    [InlineData(new byte[] { 0x05 })]
    [InlineData(new byte[] { 0x05, 0x08, 0xaa })]
    [InlineData(new byte[] { 0x05, 0x04, 0xaa, 0xbb })]
    public void TryDecode_RefusesTruncatedOrUnknownRequests(byte[] bytes)
        => Assert.False(BoundaryRequest.TryDecode(bytes, out _, out _));

    [Theory]
    [InlineData(new byte[] { 0x07 })]
    [InlineData(new byte[] { 0x06 })]
    [InlineData(new byte[] { 0x06, 0x08, 0xcc })]
    [InlineData(new byte[] { 0x06, 0x04, 0xcc, 0xdd })]
    public void TryDecode_RefusesTruncatedOrUnknownResponses(byte[] bytes)
        => Assert.False(BoundaryResponse.TryDecode(bytes, out _, out _));

    [Fact]
    public void TryDecode_NeverThrows_OnMutatedRequestsOfEveryKind()
    {
        BoundaryRequest[] requests =
        [
            BoundaryRequest.GetInfo(),
            BoundaryRequest.CreateEvidence(new AccountId(Enumerable.Repeat((byte)9, 32).ToArray()), 1_767_225_600_000),
            BoundaryRequest.ProcessBlocks([0x00]),
            BoundaryRequest.Checkpoint(),
            BoundaryRequest.Restore([1, 2, 3, 4]),
            BoundaryRequest.Query(Enumerable.Range(0, 150).Select(i => (byte)i).ToArray()),
        ];
        foreach (var request in requests)
        {
            var valid = request.Encode();
            Assert.True(BoundaryRequest.TryDecode(valid, out var decoded, out var error), error);
            Assert.Equal(valid, decoded.Encode());
            ByteMutation.Any.Sample(mutation => AssertStableRequest(mutation.Apply(valid)));
        }

        Gen.Byte.Array[0, 300].Sample(AssertStableRequest);
    }

    [Fact]
    public void TryDecode_NeverThrows_OnMutatedResponsesOfEveryKind()
    {
        BoundaryResponse[] responses =
        [
            BoundaryResponse.ForError("query refused: expired"),
            BoundaryResponse.ForInfo(SampleInfo),
            BoundaryResponse.ForEvidence([5, 6, 7]),
            BoundaryResponse.ForBlocks(new BlocksProcessed(1, 2, "bundle 1 of 2 refused", [], [])),
            BoundaryResponse.ForCheckpoint([8, 9], SampleInfo),
            BoundaryResponse.ForRestored(SampleInfo),
            BoundaryResponse.ForQueryAnswer(Enumerable.Range(0, 120).Select(i => (byte)(i * 3)).ToArray()),
        ];
        foreach (var response in responses)
        {
            var valid = response.Encode();
            Assert.True(BoundaryResponse.TryDecode(valid, out var decoded, out var error), error);
            Assert.Equal(valid, decoded.Encode());
            ByteMutation.Any.Sample(mutation => AssertStableResponse(mutation.Apply(valid)));
        }

        Gen.Byte.Array[0, 300].Sample(AssertStableResponse);
    }

    /// <summary>Whatever hostile bytes decode to must encode to bytes that decode to the same thing.</summary>
    private static void AssertStableRequest(byte[] bytes)
    {
        if (BoundaryRequest.TryDecode(bytes, out var decoded, out _))
        {
            var encoded = decoded.Encode();
            Assert.True(BoundaryRequest.TryDecode(encoded, out var again, out var error), error);
            Assert.Equal(encoded, again.Encode());
        }
    }

    private static void AssertStableResponse(byte[] bytes)
    {
        if (BoundaryResponse.TryDecode(bytes, out var decoded, out _))
        {
            var encoded = decoded.Encode();
            Assert.True(BoundaryResponse.TryDecode(encoded, out var again, out var error), error);
            Assert.Equal(encoded, again.Encode());
        }
    }
}
