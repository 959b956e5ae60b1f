using Veil.Chain.State;
using Veil.Core;

namespace Veil.Chain.Runtime;

/// <summary>One call being dispatched: its state, block, signer and position in the block.</summary>
public readonly record struct DispatchContext(StateOverlay State, BlockContext Block, AccountId Signer, uint ExtrinsicIndex, ChainParameters Parameters);
