using Microsoft.Extensions.Logging;
using Veil.Chain;
using Veil.Chain.Import;
using Veil.Core;
using Veil.Protocol.Blocks;

namespace Veil.Consensus.Raft;

/// <summary>Applying committed entries, signing candidates, and gathering a majority's votes on the leader.</summary>
public sealed partial class RaftConsensus
{
    private readonly object _sync = new();

    // The collected votes per candidate block hash (only for the next height or two, so bounded).
    private readonly Dictionary<Hash256, Dictionary<AccountId, FinalityVote>> _votes = [];
    private PreparedBlock? _candidate;
    private FinalityVote? _ownVote;
    private FinalityVote? _lastSent;
    private long _lastSentAt;
    private long _candidateSince;

    private PreparedBlock? Candidate
    {
        get
        {
            lock (_sync) return _candidate;
        }
    }

    /// <summary>
    /// A vote from another validator (over RPC). Accepted when its signer is an authority, it is for the
    /// next height or the one after, and the signature verifies; the leader then counts it. Never throws on
    /// untrusted input.
    /// </summary>
    public bool SubmitVote(FinalityVote vote, out string error)
    {
        ArgumentNullException.ThrowIfNull(vote);
        var head = _chain.Head.Number;
        if (vote.Number <= head || vote.Number > head + 2)
        {
            error = vote.Number <= head ? $"block #{vote.Number} is already final" : $"vote for #{vote.Number} is too far ahead of the head #{head}";
            return vote.Number <= head;
        }

        var known = false;
        foreach (var account in _chain.Spec.Authorities) known |= account == vote.Signature.Authority;
        if (!known)
        {
            error = $"{vote.Signature.Authority} is not an authority";
            return false;
        }

        var payload = FinalityProof.SigningPayload(_chain.GenesisHash, vote.Number, vote.BlockHash);
        if (!Veil.Crypto.Ed25519.Verify(vote.Signature.Authority, payload, vote.Signature.Signature))
        {
            error = $"vote by {vote.Signature.Authority} for #{vote.Number} does not verify";
            return false;
        }

        AddVote(vote);
        Signal();
        error = string.Empty;
        return true;
    }

    // Called by the state machine, in log order, for each committed proposal.
    internal void ApplyProposal(Block block, PreparedBlockContext? context)
    {
        var header = block.Header;
        var head = _chain.Head;
        if (header.Number <= head.Number)
        {
            return; // already final here (log replay after a restart, or a late duplicate)
        }

        if (Candidate is { } existing)
        {
            // The first valid committed proposal at a height is the only one signed; later ones are ignored alike everywhere.
            if (existing.Header.Number == header.Number && existing.Header.Hash != header.Hash)
            {
                _logger.LogInformation("ignored proposal #{Number} {Hash}: #{Number} {Candidate} is already the candidate", header.Number, header.Hash, header.Number, existing.Header.Hash);
            }

            return;
        }

        PreparedBlock prepared;
        if (context?.Block is { } own && own.Header.Hash == header.Hash && own.Header.ParentHash == head.Hash)
        {
            prepared = own;
        }
        else
        {
            var result = _chain.PrepareBlock(block, out var checkedBlock);
            if (checkedBlock is null)
            {
                _logger.LogWarning("refused proposal #{Number} {Hash}: {Status}: {Reason}", header.Number, header.Hash, result.Status, result.Message);
                return;
            }

            prepared = checkedBlock;
        }

        var signature = _authority.Sign(FinalityProof.SigningPayload(_chain.GenesisHash, header.Number, header.Hash));
        var vote = new FinalityVote(header.Hash, header.Number, new AuthoritySignature(_authority.PublicKey, signature));
        lock (_sync)
        {
            _candidate = prepared;
            _ownVote = vote;
            _candidateSince = _time.GetTimestamp();
        }

        AddVote(vote);
        Signal();
    }

    // Called by the state machine, in log order, for each committed finalization.
    internal void ApplyFinalize(FinalityProof proof)
    {
        var candidate = Candidate;
        if (candidate is null || candidate.Header.Hash != proof.BlockHash)
        {
            if (proof.Number > _chain.Head.Number)
            {
                _logger.LogWarning("ignored finalization of #{Number} {Hash}: not the candidate", proof.Number, proof.BlockHash);
            }

            return;
        }

        var result = _chain.CommitPrepared(candidate, proof);
        if (result.Status != BlockImportStatus.Imported)
        {
            // Every validator checks the same proof against the same spec, so all refuse it alike.
            _logger.LogWarning("refused finalization of #{Number} {Hash}: {Status}: {Reason}", proof.Number, proof.BlockHash, result.Status, result.Message);
            return;
        }

        lock (_sync)
        {
            _candidate = null;
            _ownVote = null;
            List<Hash256>? stale = null;
            foreach (var (hash, votes) in _votes)
            {
                foreach (var vote in votes.Values)
                {
                    if (vote.Number <= proof.Number) (stale ??= []).Add(hash);
                    break;
                }
            }

            if (stale is not null)
            {
                foreach (var hash in stale) _votes.Remove(hash);
            }
        }

        Volatile.Write(ref _lastBlockAt, _time.GetTimestamp());
        _logger.LogInformation("finalized block #{Number} {Hash} with {Count} extrinsic(s), {Signatures} signature(s); executed in {Execution:F0} ms, signed {Signed:F0} ms before final", proof.Number, proof.BlockHash, candidate.Block.Extrinsics.Count, proof.Signatures.Count, candidate.ExecutionTime.TotalMilliseconds, _time.GetElapsedTime(_candidateSince).TotalMilliseconds);
        Signal();
    }

    private void AddVote(FinalityVote vote)
    {
        lock (_sync)
        {
            if (!_votes.TryGetValue(vote.BlockHash, out var votes))
            {
                if (_votes.Count >= 16) return; // bounded: honest validators vote on one candidate at a time
                _votes[vote.BlockHash] = votes = [];
            }

            votes[vote.Signature.Authority] = vote;
        }
    }

    // A majority's signatures for the candidate, ordered as the spec lists the authorities; null until then.
    private FinalityProof? TryBuildProof(PreparedBlock candidate)
    {
        var header = candidate.Header;
        lock (_sync)
        {
            if (!_votes.TryGetValue(header.Hash, out var votes) || votes.Count < _chain.FinalityThreshold)
            {
                return null;
            }

            var signatures = new List<AuthoritySignature>(votes.Count);
            foreach (var authority in _chain.Spec.Authorities)
            {
                if (votes.TryGetValue(authority, out var vote)) signatures.Add(vote.Signature);
            }

            return signatures.Count >= _chain.FinalityThreshold ? new FinalityProof(header.Hash, header.Number, signatures) : null;
        }
    }

    // A follower sends its vote for the candidate to the leader, again every VoteResendInterval until the
    // block is final (the leader may have changed, or the first send may have been lost).
    private async Task SendVoteAsync(CancellationToken cancellationToken)
    {
        FinalityVote? vote;
        lock (_sync) vote = _ownVote;
        if (vote is null || Leader is not { } leader || leader == _self)
        {
            return;
        }

        if (ReferenceEquals(vote, _lastSent) && _time.GetElapsedTime(_lastSentAt) < _options.VoteResendInterval)
        {
            return;
        }

        _lastSent = vote;
        _lastSentAt = _time.GetTimestamp();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(RoundTimeout);
        await _channel.SendAsync(leader, vote, timeout.Token).ConfigureAwait(false);
    }
}
