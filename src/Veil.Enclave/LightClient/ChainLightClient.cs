using Veil.Core;
using Veil.Protocol.Blocks;
using Veil.Protocol.Messaging;
using Veil.Protocol.Proofs;

namespace Veil.Enclave.LightClient;

/// <summary>
/// The enclave's view of the chain (DESIGN §5): the last finalized block it accepted, and whom it trusts
/// to finalize the next. It accepts exactly the next block, only with a finality proof by the authority
/// set for that very header, and only with the exact list of queue messages the header commits to, so
/// a relayer can delay input but never forge, reorder, replay or drop a block or a message unnoticed.
/// A refused bundle leaves the state unchanged and names the reason. Not thread-safe: the enclave feeds
/// it from one dispatch loop, in block order.
/// </summary>
/// <remarks>
/// Named ChainLightClient, not LightClient, because a type named after its own namespace cannot be
/// referred to by its simple name from the rest of <c>Veil.Enclave</c> (the namespace wins the lookup).
/// The authority set is fixed at genesis for now; authority-change messages will advance it.
/// </remarks>
public sealed class ChainLightClient
{
    private LightClientState _state;

    /// <summary>A light client that has accepted only genesis.</summary>
    /// <param name="genesisHash">The chain's genesis hash, from the chain spec.</param>
    /// <param name="authorities">The genesis authority set, from the chain spec.</param>
    /// <param name="threshold">Distinct authority signatures a finality proof needs: 1 of 1 under DevSeal,
    /// <see cref="MajorityThreshold"/> under Raft, <see cref="ByzantineThreshold"/> under a BFT engine.</param>
    public ChainLightClient(Hash256 genesisHash, IReadOnlyList<AccountId> authorities, int threshold)
        : this(LightClientState.AtGenesis(genesisHash, authorities, threshold))
    {
    }

    /// <summary>A light client resumed from a checkpoint's state.</summary>
    public ChainLightClient(LightClientState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        _state = state;
    }

    /// <summary>A snapshot of what the light client knows, for a sealed checkpoint.</summary>
    public LightClientState State => _state;

    public Hash256 GenesisHash => _state.GenesisHash;

    public uint LastNumber => _state.LastNumber;

    public Hash256 LastHash => _state.LastHash;

    /// <summary>More than half: what a crash-fault-tolerant (Raft) quorum signs.</summary>
    public static int MajorityThreshold(int authorityCount) => FinalityCheck.Majority(authorityCount);

    /// <summary>More than two thirds: what a Byzantine-fault-tolerant quorum signs.</summary>
    public static int ByzantineThreshold(int authorityCount) => FinalityCheck.Byzantine(authorityCount);

    /// <summary>Accepts <paramref name="bundle"/> if it is the next finalized block with its exact messages.</summary>
    public bool TryAccept(FinalizedBlockBundle bundle, out string error) => TryAccept(bundle, null, out error);

    /// <summary>
    /// Accepts <paramref name="bundle"/> if it is the next finalized block with its exact messages, then
    /// hands each message to <paramref name="deliver"/> in block order. On refusal nothing is delivered,
    /// the state is unchanged and <paramref name="error"/> names the reason.
    /// </summary>
    public bool TryAccept(FinalizedBlockBundle bundle, Action<DeliveredMessage>? deliver, out string error)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        if (!Check(_state, bundle, out error))
        {
            return false;
        }

        // The state moves before delivery: the messages belong to an accepted block whatever the
        // executor does with them, and a throwing executor must not make the block acceptable twice.
        var header = bundle.Header;
        _state = _state.Advance(header.Number, header.Hash);
        if (deliver is not null)
        {
            var messages = bundle.Messages;
            for (var i = 0; i < messages.Count; i++)
            {
                deliver(new DeliveredMessage(header.Number, i, messages[i]) { Timestamp = header.Timestamp });
            }
        }

        return true;
    }

    /// <summary>
    /// Accepts <paramref name="bundles"/> in order, stopping at the first refused one; the blocks before
    /// it stay accepted and their messages delivered. The result says how many were accepted and why the
    /// next was refused.
    /// </summary>
    public BatchAcceptance AcceptBatch(IReadOnlyList<FinalizedBlockBundle> bundles, Action<DeliveredMessage>? deliver)
    {
        ArgumentNullException.ThrowIfNull(bundles);
        for (var i = 0; i < bundles.Count; i++)
        {
            if (!TryAccept(bundles[i], deliver, out var error))
            {
                return new BatchAcceptance(i, bundles.Count, $"bundle {i} of {bundles.Count} refused: {error}");
            }
        }

        return new BatchAcceptance(bundles.Count, bundles.Count, string.Empty);
    }

    /// <summary>
    /// Decodes a host's encoded batch (Vec&lt;FinalizedBlockBundle&gt;) and accepts it as
    /// <see cref="AcceptBatch(IReadOnlyList{FinalizedBlockBundle}, Action{DeliveredMessage}?)"/> does.
    /// An undecodable batch is refused whole. Never throws on bad bytes.
    /// </summary>
    public BatchAcceptance AcceptEncodedBatch(ReadOnlySpan<byte> encodedBatch, Action<DeliveredMessage>? deliver)
    {
        if (!FinalizedBlockBundle.TryDecodeBatch(encodedBatch, out var bundles, out var error))
        {
            return new BatchAcceptance(0, 0, error);
        }

        return AcceptBatch(bundles, deliver);
    }

    // Position in the chain, then the proof binds to this header, then the authorities signed it
    // (FinalityCheck, shared with full nodes), then the header's messages root binds the messages.
    private static bool Check(LightClientState state, FinalizedBlockBundle bundle, out string error)
    {
        var header = bundle.Header;
        if (!FinalityCheck.TryCheck(state.GenesisHash, state.Authorities, state.Threshold, state.LastNumber, state.LastHash, header, bundle.Proof, out error))
        {
            return false;
        }

        var messages = bundle.Messages;
        var leaves = new Hash256[messages.Count];
        for (var i = 0; i < leaves.Length; i++)
        {
            leaves[i] = messages[i].Hash();
        }

        if (MerkleList.Root(leaves) != header.MessagesRoot)
        {
            error = $"block #{header.Number}: messages root mismatch: a message was altered, dropped, added or reordered ({messages.Count} message(s) given)";
            return false;
        }

        error = string.Empty;
        return true;
    }
}
