using Veil.Core;
using Veil.Protocol.Messaging;

namespace Veil.Contracts.Runtime;

/// <summary>
/// A built-in confidential contract (DESIGN §7). It is code only: everything it remembers lives in the
/// <see cref="ContractState"/> behind the contexts, so the runtime can roll a command back, hash the
/// state and seal it. An implementation must therefore keep no mutable fields, and must be
/// deterministic — no clock, no randomness, no floating point, no iteration over unordered
/// collections — so every worker of a cluster reaches the same state hash. It must not throw on any
/// input: untrusted bytes get a <see cref="ContractError"/>.
/// </summary>
public interface IConfidentialContract
{
    /// <summary>The built-in contract's name, e.g. "Wallet".</summary>
    string Name { get; }

    /// <summary>Applies one command from <paramref name="origin"/>; a failure is rolled back by the runtime.</summary>
    ContractResult Handle(ReadOnlySpan<byte> command, Origin origin, ContractContext context);

    /// <summary>Answers a read-only query signed by <paramref name="querier"/> (checked by the enclave before this).</summary>
    QueryResult Query(ReadOnlySpan<byte> query, AccountId querier, QueryContext context);
}
