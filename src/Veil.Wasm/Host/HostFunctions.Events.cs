using Veil.Core;
using Veil.Core.Scale;
using Wasmtime;

namespace Veil.Wasm.Host;

/// <summary>Events: kept in order and returned in the caller's private receipt, never published.</summary>
internal static partial class HostFunctions
{
    // deposit_event(topics_ptr, topics_len, data_ptr, data_len): topics are a SCALE Vec<[u8; 32]>
    // of exactly topics_len bytes (none when topics_len is 0).
    private static void DepositEvent(WasmExecution e, ReadOnlySpan<ValueBox> a, Span<ValueBox> r)
    {
        var topicsLength = U32(a, 1);
        var dataLength = U32(a, 3);
        e.Charge(WasmGas.EventBase + (WasmGas.EventPerTopic * (topicsLength / Hash256.Size)) + (WasmGas.EventPerByte * dataLength));
        if (dataLength > (uint)e.Limits.MaxValueLength)
        {
            throw e.Trap($"event data of {dataLength} bytes exceeds the limit of {e.Limits.MaxValueLength}");
        }

        var topics = topicsLength == 0 ? [] : DecodeTopics(e, e.Read(U32(a, 0), topicsLength));
        e.AddEvent(new WasmEvent(topics, e.Read(U32(a, 2), dataLength).ToArray()));
    }

    private static Hash256[] DecodeTopics(WasmExecution e, ReadOnlySpan<byte> encoded)
    {
        var reader = new ScaleReader(encoded);
        var count = reader.ReadCompact();
        if (!reader.Failed && count > (ulong)e.Limits.MaxEventTopics)
        {
            throw e.Trap($"event has {count} topics; the limit is {e.Limits.MaxEventTopics}");
        }

        var topics = new Hash256[(int)count];
        for (var i = 0; i < topics.Length && !reader.Failed; i++)
        {
            topics[i] = reader.ReadHash();
        }

        if (!reader.TryFinish(out var error))
        {
            throw e.Trap($"event topics are not a SCALE Vec<[u8; 32]>: {error}");
        }

        return topics;
    }
}
