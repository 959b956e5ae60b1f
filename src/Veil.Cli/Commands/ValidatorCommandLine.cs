using System.Net;
using Veil.Consensus.Raft;
using Veil.Node.Validator;

namespace Veil.Cli.Commands;

/// <summary>Turns <c>veil node --validator … --peer …</c> into <see cref="ValidatorOptions"/>, with clear errors.</summary>
internal static class ValidatorCommandLine
{
    public static ValidatorOptions? Parse(string? endPoint, string[] peers, int blockMs, bool follow)
    {
        if (endPoint is null)
        {
            return peers.Length == 0 ? null : throw new CliError("--peer applies only with --validator");
        }

        if (follow)
        {
            throw new CliError("--validator and --follow exclude each other: a validator seals, a full node follows");
        }

        if (!IPEndPoint.TryParse(endPoint, out var raft) || raft.Port == 0)
        {
            throw new CliError($"--validator: '{endPoint}' is not an IP address with a port (e.g. 127.0.0.1:30333)");
        }

        var list = new List<ValidatorPeer>(peers.Length);
        foreach (var text in peers)
        {
            if (!ValidatorPeer.TryParse(text, out var peer, out var error))
            {
                throw new CliError($"--peer: {error}");
            }

            list.Add(peer);
        }

        return new ValidatorOptions(raft, list) { EmptyBlockInterval = TimeSpan.FromMilliseconds(blockMs) };
    }
}
