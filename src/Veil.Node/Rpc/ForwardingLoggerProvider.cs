using Microsoft.Extensions.Logging;

namespace Veil.Node.Rpc;

/// <summary>Sends ASP.NET Core's own log lines (Kestrel, hosting) to the node's logger, so one sink sees everything.</summary>
internal sealed class ForwardingLoggerProvider(ILogger target) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => target;

    public void Dispose()
    {
        // The target belongs to the caller.
    }
}
