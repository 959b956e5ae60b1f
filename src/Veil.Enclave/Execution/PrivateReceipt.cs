using Veil.Core;
using Veil.Protocol.Messaging;

namespace Veil.Enclave.Execution;

/// <summary>
/// The private result of one command, kept inside the enclave for the sender to query later: which
/// contract, the (block, index) that delivered it, who sent it (only that sender may read it) and the
/// SCALE <c>Result&lt;receipt, ContractError&gt;</c> from <c>ContractOutcome.EncodeReceipt</c>.
/// </summary>
public sealed record PrivateReceipt(Hash256 ContractId, uint BlockNumber, int Index, Origin Sender, byte[] Result, bool IsSuccess);
