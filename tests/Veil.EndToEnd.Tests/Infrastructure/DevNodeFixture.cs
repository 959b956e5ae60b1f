namespace Veil.EndToEnd.Tests.Infrastructure;

/// <summary>
/// One <c>veil node --instant</c> for a test class whose tests only read the chain or are refused before
/// they change it, so a dozen error cases cost one node start instead of twelve.
/// </summary>
public sealed class DevNodeFixture : IAsyncLifetime, IDisposable
{
    private readonly TempDirectory _data = new();
    private NodeProcess? _node;

    public NodeProcess Node => _node ?? throw new InvalidOperationException("the node has not started");

    public async Task InitializeAsync() => _node = await NodeProcess.StartAsync(_data.Path, "--instant");

    public async Task DisposeAsync()
    {
        if (_node is not null) await _node.DisposeAsync();
    }

    /// <summary>xunit calls this after <see cref="DisposeAsync"/>, once the node no longer holds the directory.</summary>
    public void Dispose() => _data.Dispose();
}
