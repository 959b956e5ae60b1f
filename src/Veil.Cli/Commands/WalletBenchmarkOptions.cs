namespace Veil.Cli.Commands;

/// <summary>The settings of <c>veil bench wallet</c>.</summary>
internal sealed record WalletBenchmarkOptions
{
    public int Count { get; init; } = 20_000;

    public int Senders { get; init; } = 200;

    public int Recipients { get; init; } = 20;

    public int BlockMs { get; init; } = 500;

    public int Connections { get; init; } = 4;

    public int Batch { get; init; } = 250;

    public int MaxBlocksPerBatch { get; init; } = 64;

    public bool Json { get; init; }
}
