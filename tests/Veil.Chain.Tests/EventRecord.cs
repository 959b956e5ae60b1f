using Veil.Chain.Runtime;
using Veil.Core;
using Veil.Core.Scale;
using Veil.Protocol.Calls;

namespace Veil.Chain.Tests;

/// <summary>
/// One decoded System.Events record: phase ApplyExtrinsic(index), module and event index, and the fields
/// of the events the runtime emits. Decoding is strict, so it also checks the encoding the runtime writes.
/// </summary>
internal sealed record EventRecord(uint Extrinsic, string Name, AccountId Who, AccountId To, UInt128 Amount, byte ErrorModule, byte ErrorCode, string Message)
{
    public static IReadOnlyList<EventRecord> DecodeAll(byte[] encoded)
    {
        var reader = new ScaleReader(encoded);
        var count = reader.ReadLength(100_000);
        var records = new List<EventRecord>();
        for (var i = 0; i < count; i++)
        {
            Assert.Equal(0, reader.ReadU8()); // Phase::ApplyExtrinsic
            var extrinsic = reader.ReadU32();
            var module = reader.ReadU8();
            var index = reader.ReadU8();
            var record = (module, index) switch
            {
                (ModuleIndex.Balances, RuntimeEvent.BalancesTransfer) => new EventRecord(extrinsic, "Transfer", reader.ReadAccount(), reader.ReadAccount(), reader.ReadU128(), 0, 0, ""),
                (ModuleIndex.Balances, RuntimeEvent.BalancesWithdraw) => AccountAmount(extrinsic, "Withdraw", ref reader),
                (ModuleIndex.Balances, RuntimeEvent.BalancesEndowed) => AccountAmount(extrinsic, "Endowed", ref reader),
                (ModuleIndex.Balances, RuntimeEvent.BalancesDustLost) => AccountAmount(extrinsic, "DustLost", ref reader),
                (ModuleIndex.System, RuntimeEvent.SystemNewAccount) => new EventRecord(extrinsic, "NewAccount", reader.ReadAccount(), default, 0, 0, 0, ""),
                (ModuleIndex.System, RuntimeEvent.SystemRemarked) => new EventRecord(extrinsic, "Remarked", reader.ReadAccount(), new AccountId(reader.ReadHash().ToArray()), 0, 0, 0, ""),
                (ModuleIndex.System, RuntimeEvent.SystemExtrinsicSuccess) => new EventRecord(extrinsic, "ExtrinsicSuccess", default, default, reader.ReadU128(), 0, 0, ""),
                (ModuleIndex.System, RuntimeEvent.SystemExtrinsicFailed) => new EventRecord(extrinsic, "ExtrinsicFailed", default, default, 0, reader.ReadU8(), reader.ReadU8(), reader.ReadString()),
                _ => throw new InvalidDataException($"unknown event {module}.{index}"),
            };
            Assert.Equal(0, reader.ReadLength(0)); // topics
            records.Add(record);
        }

        Assert.True(reader.TryFinish(out var error), error);
        return records;
    }

    private static EventRecord AccountAmount(uint extrinsic, string name, ref ScaleReader reader)
        => new(extrinsic, name, reader.ReadAccount(), default, reader.ReadU128(), 0, 0, "");

    public override string ToString() => $"#{Extrinsic} {Name}";
}
