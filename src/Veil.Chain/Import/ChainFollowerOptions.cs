namespace Veil.Chain.Import;

/// <summary>How a full node follows its supplier.</summary>
public sealed record ChainFollowerOptions
{
    public static readonly ChainFollowerOptions Default = new();

    /// <summary>Blocks fetched per request while catching up (one JSON-RPC batch each way).</summary>
    public int BatchSize { get; init; } = 128;

    /// <summary>How long to wait before asking again after refusing a block.</summary>
    public TimeSpan RetryAfterRefusal { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>First reconnect delay after a transport failure; doubles up to <see cref="MaxReconnectDelay"/>.</summary>
    public TimeSpan ReconnectDelay { get; init; } = TimeSpan.FromMilliseconds(250);

    public TimeSpan MaxReconnectDelay { get; init; } = TimeSpan.FromSeconds(10);
}
