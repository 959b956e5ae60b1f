using System.Buffers;
using Veil.Core;
using Veil.Core.Scale;
using Veil.Protocol.Calls;

namespace Veil.Chain.Runtime;

/// <summary>
/// The events of one block, encoded as Substrate's <c>Vec&lt;EventRecord&gt;</c>: each record is
/// phase (ApplyExtrinsic(u32) = 0x00 ‖ index) ‖ module index ‖ event index ‖ fields ‖ topics (empty).
/// Kept as one growing buffer so a block of 10k transfers costs no per-event allocation.
/// </summary>
public sealed class EventLog
{
    private readonly ArrayBufferWriter<byte> _buffer = new(64 * 1024);

    public int Count { get; private set; }

    public (int Length, int Count) Mark() => (_buffer.WrittenCount, Count);

    public void RollbackTo((int Length, int Count) mark)
    {
        // ArrayBufferWriter cannot shrink, so copy the kept prefix back (rare: only on failed dispatch).
        var kept = _buffer.WrittenSpan[..mark.Length].ToArray();
        _buffer.ResetWrittenCount();
        _buffer.Write(kept);
        Count = mark.Count;
    }

    public void Transfer(uint extrinsic, AccountId from, AccountId to, UInt128 amount)
    {
        var w = Begin(extrinsic, ModuleIndex.Balances, RuntimeEvent.BalancesTransfer);
        w.WriteAccount(from);
        w.WriteAccount(to);
        w.WriteU128(amount);
        End(ref w);
    }

    public void Withdraw(uint extrinsic, AccountId who, UInt128 amount) => AccountAmount(extrinsic, ModuleIndex.Balances, RuntimeEvent.BalancesWithdraw, who, amount);

    public void Endowed(uint extrinsic, AccountId who, UInt128 amount) => AccountAmount(extrinsic, ModuleIndex.Balances, RuntimeEvent.BalancesEndowed, who, amount);

    public void DustLost(uint extrinsic, AccountId who, UInt128 amount) => AccountAmount(extrinsic, ModuleIndex.Balances, RuntimeEvent.BalancesDustLost, who, amount);

    public void NewAccount(uint extrinsic, AccountId who)
    {
        var w = Begin(extrinsic, ModuleIndex.System, RuntimeEvent.SystemNewAccount);
        w.WriteAccount(who);
        End(ref w);
    }

    public void Remarked(uint extrinsic, AccountId who, Hash256 hash)
    {
        var w = Begin(extrinsic, ModuleIndex.System, RuntimeEvent.SystemRemarked);
        w.WriteAccount(who);
        w.WriteHash(hash);
        End(ref w);
    }

    /// <summary>ExtrinsicSuccess { fee }: Veil reports the fee paid instead of FRAME's weight info.</summary>
    public void ExtrinsicSuccess(uint extrinsic, UInt128 fee)
    {
        var w = Begin(extrinsic, ModuleIndex.System, RuntimeEvent.SystemExtrinsicSuccess);
        w.WriteU128(fee);
        End(ref w);
    }

    /// <summary>ExtrinsicFailed { module, error, message }: why the call had no effect.</summary>
    public void ExtrinsicFailed(uint extrinsic, DispatchError error)
    {
        var w = Begin(extrinsic, ModuleIndex.System, RuntimeEvent.SystemExtrinsicFailed);
        w.WriteU8(error.Module);
        w.WriteU8(error.Code);
        w.WriteString(error.Message);
        End(ref w);
    }

    /// <summary>The SCALE <c>Vec&lt;EventRecord&gt;</c>.</summary>
    public byte[] Encode()
    {
        var writer = new ScaleWriter(_buffer.WrittenCount + 5);
        try
        {
            writer.WriteLength(Count);
            writer.WriteRaw(_buffer.WrittenSpan);
            return writer.ToArray();
        }
        finally
        {
            writer.Dispose();
        }
    }

    private void AccountAmount(uint extrinsic, byte module, byte index, AccountId who, UInt128 amount)
    {
        var w = Begin(extrinsic, module, index);
        w.WriteAccount(who);
        w.WriteU128(amount);
        End(ref w);
    }

    /// <summary>Starts an event record; write its fields, then call <see cref="End"/>.</summary>
    public static ScaleWriter Begin(uint extrinsic, byte module, byte index)
    {
        var w = new ScaleWriter(128);
        w.WriteU8(0); // Phase::ApplyExtrinsic
        w.WriteU32(extrinsic);
        w.WriteU8(module);
        w.WriteU8(index);
        return w;
    }

    public void End(ref ScaleWriter w)
    {
        w.WriteLength(0); // topics
        _buffer.Write(w.WrittenSpan);
        w.Dispose();
        Count++;
    }
}
