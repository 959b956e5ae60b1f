using Veil.Core;
using Veil.Crypto;
using Veil.Enclave.Boundary;
using Veil.Enclave.LightClient;
using Veil.Enclave.Tests.Execution;
using Veil.Protocol.Blocks;
using Veil.Protocol.Messaging;
using Veil.Protocol.Proofs;

namespace Veil.Enclave.Tests.Boundary;

/// <summary>
/// A hand-authored finalized chain (one authority, 1-of-1 finality) whose blocks carry exactly the queue
/// messages a test chooses, encoded as a host would relay them; and helpers to call a boundary with bytes.
/// </summary>
internal sealed class BoundaryChain : IDisposable
{
    private readonly Ed25519KeyPair _authority = new(Enumerable.Repeat((byte)0x7a, 32).ToArray());
    private readonly List<FinalizedBlockBundle> _bundles = [];

    public static Hash256 Genesis => ExecutionCluster.Genesis;

    public LightClientState Start => LightClientState.AtGenesis(Genesis, [_authority.PublicKey], 1);

    /// <summary>Appends a finalized block carrying <paramref name="messages"/> and returns its number.</summary>
    public uint Append(params QueueMessage[] messages)
    {
        var number = (uint)_bundles.Count + 1;
        var parent = _bundles.Count == 0 ? Genesis : _bundles[^1].Header.Hash;
        var root = MerkleList.Root(messages.Select(m => m.Hash()).ToArray());
        var header = new BlockHeader(parent, number, Hash256.Zero, Hash256.Zero, root, 1_767_225_600_000UL + (number * 1000UL), _authority.PublicKey);
        var signature = _authority.Sign(FinalityProof.SigningPayload(Genesis, number, header.Hash));
        _bundles.Add(new FinalizedBlockBundle(header, new FinalityProof(header.Hash, number, [new AuthoritySignature(_authority.PublicKey, signature)]), messages));
        return number;
    }

    /// <summary>The encoded batch of blocks <paramref name="first"/>..<paramref name="last"/>.</summary>
    public byte[] Batch(uint first, uint last)
        => FinalizedBlockBundle.EncodeBatch(_bundles.Skip((int)first - 1).Take((int)(last - first + 1)).ToList());

    public static BoundaryResponse Call(IEnclaveBoundary boundary, BoundaryRequest request)
    {
        Assert.True(BoundaryResponse.TryDecode(boundary.Call(request.Encode()), out var response, out var error), error);
        return response;
    }

    public static BlocksProcessed Process(IEnclaveBoundary boundary, byte[] batch)
    {
        var response = Call(boundary, BoundaryRequest.ProcessBlocks(batch));
        Assert.Equal(BoundaryResponseKind.Blocks, response.Kind);
        return response.Blocks!;
    }

    public void Dispose() => _authority.Dispose();
}
