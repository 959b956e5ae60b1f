using Veil.Core;
using Veil.Core.Scale;
using Veil.Protocol.Blocks;

namespace Veil.Enclave.LightClient;

/// <summary>
/// What a <see cref="ChainLightClient"/> knows, as a sealed checkpoint stores it: the chain it follows
/// (genesis hash), whom it trusts to finalize (authority set and threshold) and the last block it
/// accepted. SCALE layout, frozen by a golden test: genesis hash ‖ Vec&lt;AccountId&gt; authorities ‖
/// u32 threshold ‖ u32 last number ‖ last hash.
/// </summary>
public sealed record LightClientState
{
    /// <summary>As many authorities as a finality proof may carry signatures.</summary>
    public const int MaxAuthorities = FinalityProof.MaxSignatures;

    public const int MaxEncodedLength = 32 + 3 + (MaxAuthorities * AccountId.Size) + 4 + 4 + 32;

    // What TryDecode hands out on failure, so its out parameter is never null.
    private static readonly LightClientState Placeholder = AtGenesis(default, [default(AccountId)], 1);

    private readonly AccountId[] _authorities;

    /// <summary>A state that has accepted blocks up to #<paramref name="lastNumber"/>.</summary>
    /// <exception cref="ArgumentException">The authority set is empty, too large or has duplicates; the
    /// threshold is not in 1..count; or #0 is named with a hash other than the genesis hash.</exception>
    public LightClientState(Hash256 genesisHash, IReadOnlyList<AccountId> authorities, int threshold, uint lastNumber, Hash256 lastHash)
    {
        ArgumentNullException.ThrowIfNull(authorities);
        if (!TryValidate(genesisHash, authorities, threshold, lastNumber, lastHash, out var error))
        {
            throw new ArgumentException(error, nameof(authorities));
        }

        GenesisHash = genesisHash;
        _authorities = [.. authorities];
        Threshold = threshold;
        LastNumber = lastNumber;
        LastHash = lastHash;
    }

    // The trust of an already valid state with a later block: nothing to validate or copy again.
    private LightClientState(LightClientState trust, uint lastNumber, Hash256 lastHash)
    {
        GenesisHash = trust.GenesisHash;
        _authorities = trust._authorities;
        Threshold = trust.Threshold;
        LastNumber = lastNumber;
        LastHash = lastHash;
    }

    public Hash256 GenesisHash { get; }

    public IReadOnlyList<AccountId> Authorities => _authorities;

    /// <summary>How many distinct authorities must sign a block's finality proof.</summary>
    public int Threshold { get; }

    public uint LastNumber { get; }

    public Hash256 LastHash { get; }

    /// <summary>A fresh light client's state: nothing accepted but genesis.</summary>
    public static LightClientState AtGenesis(Hash256 genesisHash, IReadOnlyList<AccountId> authorities, int threshold)
        => new(genesisHash, authorities, threshold, 0, genesisHash);

    /// <summary>The same genesis and authorities with a later accepted block.</summary>
    /// <exception cref="ArgumentException"><paramref name="number"/> is 0 (genesis is never accepted, only started from).</exception>
    public LightClientState Advance(uint number, Hash256 hash)
    {
        ArgumentOutOfRangeException.ThrowIfZero(number);
        return new LightClientState(this, number, hash);
    }

    public bool Equals(LightClientState? other)
        => other is not null && GenesisHash == other.GenesisHash && Threshold == other.Threshold && LastNumber == other.LastNumber
            && LastHash == other.LastHash && _authorities.AsSpan().SequenceEqual(other._authorities);

    public override int GetHashCode() => HashCode.Combine(GenesisHash, Threshold, LastNumber, LastHash, _authorities.Length);

    public void Encode(ref ScaleWriter writer)
    {
        writer.WriteHash(GenesisHash);
        writer.WriteLength(_authorities.Length);
        foreach (var authority in _authorities)
        {
            writer.WriteAccount(authority);
        }

        writer.WriteU32((uint)Threshold);
        writer.WriteU32(LastNumber);
        writer.WriteHash(LastHash);
    }

    public byte[] Encode()
    {
        var writer = new ScaleWriter(32 + 3 + (_authorities.Length * AccountId.Size) + 40);
        try
        {
            Encode(ref writer);
            return writer.ToArray();
        }
        finally
        {
            writer.Dispose();
        }
    }

    /// <summary>
    /// Decodes a state from a checkpoint. Refuses (never throws on) truncated or trailing bytes and
    /// states no light client could be in: no or duplicate authorities, a threshold of 0 or above the
    /// set, or block #0 with a hash other than genesis.
    /// </summary>
    public static bool TryDecode(ReadOnlySpan<byte> bytes, out LightClientState state, out string error)
    {
        state = Placeholder;
        if (bytes.Length > MaxEncodedLength)
        {
            error = $"light client state of {bytes.Length} bytes exceeds the limit of {MaxEncodedLength}";
            return false;
        }

        var reader = new ScaleReader(bytes);
        var genesis = reader.ReadHash();
        var count = reader.ReadLength(MaxAuthorities, AccountId.Size);
        var authorities = new AccountId[count];
        for (var i = 0; i < count; i++)
        {
            authorities[i] = reader.ReadAccount();
        }

        var threshold = reader.ReadU32();
        var lastNumber = reader.ReadU32();
        var lastHash = reader.ReadHash();
        if (!reader.TryFinish(out var decodeError))
        {
            error = $"undecodable light client state: {decodeError}";
            return false;
        }

        // The cap keeps the cast below from overflowing; TryValidate then names the real problem.
        var checkedThreshold = (int)Math.Min(threshold, MaxAuthorities + 1u);
        if (!TryValidate(genesis, authorities, checkedThreshold, lastNumber, lastHash, out var invalid))
        {
            error = $"invalid light client state: {(threshold > MaxAuthorities ? $"threshold {threshold} is not between 1 and the {count} authorities" : invalid)}";
            return false;
        }

        state = new LightClientState(genesis, authorities, checkedThreshold, lastNumber, lastHash);
        error = string.Empty;
        return true;
    }

    public override string ToString() => $"LightClientState(#{LastNumber} {LastHash}, {Threshold} of {_authorities.Length})";

    private static bool TryValidate(Hash256 genesisHash, IReadOnlyList<AccountId> authorities, int threshold, uint lastNumber, Hash256 lastHash, out string error)
    {
        if (authorities.Count == 0 || authorities.Count > MaxAuthorities)
        {
            error = $"the authority set must have 1 to {MaxAuthorities} members, not {authorities.Count}";
            return false;
        }

        // A duplicate would let one key count twice towards the threshold if a verifier ever counted
        // set members instead of distinct signers.
        var seen = new HashSet<AccountId>(authorities.Count);
        foreach (var authority in authorities)
        {
            if (!seen.Add(authority))
            {
                error = $"authority {authority} appears twice in the authority set";
                return false;
            }
        }

        if (threshold < 1 || threshold > authorities.Count)
        {
            error = $"threshold {threshold} is not between 1 and the {authorities.Count} authorities";
            return false;
        }

        if (lastNumber == 0 && lastHash != genesisHash)
        {
            error = $"block #0 must be the genesis block {genesisHash}, not {lastHash}";
            return false;
        }

        error = string.Empty;
        return true;
    }
}
