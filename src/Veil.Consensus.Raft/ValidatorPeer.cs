using System.Net;

namespace Veil.Consensus.Raft;

/// <summary>A cluster member: where its Raft transport listens and where its JSON-RPC (votes, transactions) is served.</summary>
public sealed record ValidatorPeer(IPEndPoint RaftEndPoint, string RpcUrl)
{
    /// <summary>Parses <c>host:port=ws://…</c> (the Raft address, then the RPC URL).</summary>
    public static bool TryParse(string text, out ValidatorPeer peer, out string error)
    {
        peer = null!;
        var separator = text.IndexOf('=', StringComparison.Ordinal);
        if (separator <= 0 || separator == text.Length - 1)
        {
            error = $"'{text}' is not raft-host:port=rpc-url";
            return false;
        }

        if (!IPEndPoint.TryParse(text[..separator], out var endPoint) || endPoint.Port == 0)
        {
            error = $"'{text[..separator]}' is not an IP address with a port";
            return false;
        }

        var url = text[(separator + 1)..];
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("ws" or "wss" or "http" or "https"))
        {
            error = $"'{url}' is not a ws:// or http:// URL";
            return false;
        }

        peer = new ValidatorPeer(endPoint, url);
        error = string.Empty;
        return true;
    }

    public override string ToString() => $"{RaftEndPoint}={RpcUrl}";
}
