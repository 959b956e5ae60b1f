using Veil.Core;

namespace Veil.Chain.Runtime;

/// <summary>What every call in a block can see: the block's number and time, the chain, and the block's outputs.</summary>
public sealed class BlockContext
{
    public BlockContext(uint number, ulong timestamp, Hash256 genesisHash)
    {
        Number = number;
        Timestamp = timestamp;
        GenesisHash = genesisHash;
    }

    public uint Number { get; }

    /// <summary>Block time in ms, set by the author before execution (deterministic for every importer).</summary>
    public ulong Timestamp { get; }

    public Hash256 GenesisHash { get; }

    public EventLog Events { get; } = new();

    public MessageLog Messages { get; } = new();
}
