using Veil.Core;

namespace Veil.Protocol.Contracts;

/// <summary>
/// Queue topics of the contract pipeline (DESIGN §4). Topics starting with <c>^</c> stay on chain and are
/// handled by the Contracts module; the others are delivered to workers.
/// </summary>
public static class ContractTopics
{
    /// <summary>Announces a deployment (payload: ContractInfo) to the gatekeeper and the cluster.</summary>
    public const string Deployed = "veil/contracts/deployed";

    /// <summary>Announces a worker added to a running contract's cluster (payload: updated ContractInfo ‖ the new worker).</summary>
    public const string Joined = "veil/contracts/joined";

    /// <summary>From a gatekeeper: a contract's public keys (payload: contract id ‖ epoch ‖ X25519 key ‖ Ed25519 key).</summary>
    public const string PublishKeys = "^contracts/keys";

    /// <summary>From a contract: release locked public VEIL (payload: destination account ‖ amount u128).</summary>
    public const string Release = "^contracts/release";

    /// <summary>From a cluster worker: the contract's state hash after a block (payload: contract id ‖ block number ‖ state hash).</summary>
    public const string StateReport = "^contracts/state";

    /// <summary>Commands to a contract: encrypted envelopes from accounts, plaintext deposits from the Balances module.</summary>
    public static string Command(Hash256 contractId) => $"veil/contract/{contractId}/command";

    /// <summary>From a contract: its state at a join, encrypted under the contract's key, for the joining worker.</summary>
    public static string Snapshot(Hash256 contractId) => $"veil/contract/{contractId}/snapshot";

    private const string CommandPrefix = "veil/contract/";
    private const string CommandSuffix = "/command";

    /// <summary>True when <paramref name="topic"/> has the shape of a command topic; <paramref name="contractId"/> is the contract it names.</summary>
    public static bool TryParseCommand(ReadOnlySpan<byte> topic, out Hash256 contractId)
    {
        contractId = default;
        var expectedLength = CommandPrefix.Length + 2 + (2 * Hash256.Size) + CommandSuffix.Length;
        if (topic.Length != expectedLength
            || !topic.StartsWith(System.Text.Encoding.ASCII.GetBytes(CommandPrefix))
            || !topic.EndsWith(System.Text.Encoding.ASCII.GetBytes(CommandSuffix)))
        {
            return false;
        }

        var id = System.Text.Encoding.ASCII.GetString(topic.Slice(CommandPrefix.Length, 2 + (2 * Hash256.Size)));
        return Hash256.TryParse(id, out contractId);
    }
}
