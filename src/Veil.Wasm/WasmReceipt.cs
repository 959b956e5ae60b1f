using Veil.Core;
using Veil.Core.Scale;

namespace Veil.Wasm;

/// <summary>
/// The private receipt of a successful command: the contract's output (what it passed to
/// <c>seal_return</c>) and its events, which stay confidential (issue #4: the caller sees them only
/// here). SCALE: <c>output: Vec&lt;u8&gt; ‖ events: Vec&lt;(topics: Vec&lt;[u8; 32]&gt;, data: Vec&lt;u8&gt;)&gt;</c>.
/// </summary>
public sealed record WasmReceipt(byte[] Output, IReadOnlyList<WasmEvent> Events)
{
    private const int MaxEvents = 4096;

    public byte[] Encode()
    {
        var writer = new ScaleWriter(Output.Length + 64);
        try
        {
            writer.WriteBytes(Output);
            writer.WriteLength(Events.Count);
            foreach (var e in Events)
            {
                writer.WriteLength(e.Topics.Count);
                foreach (var topic in e.Topics)
                {
                    writer.WriteHash(topic);
                }

                writer.WriteBytes(e.Data);
            }

            return writer.ToArray();
        }
        finally
        {
            writer.Dispose();
        }
    }

    public static bool TryDecode(ReadOnlySpan<byte> bytes, out WasmReceipt receipt, out string error)
    {
        var reader = new ScaleReader(bytes);
        var output = reader.ReadBytes().ToArray();
        var count = reader.ReadLength(MaxEvents, minItemSize: 2);
        var events = new List<WasmEvent>();
        for (var i = 0; i < count && !reader.Failed; i++)
        {
            var topicCount = reader.ReadLength(256, minItemSize: Hash256.Size);
            var topics = new Hash256[topicCount];
            for (var t = 0; t < topicCount && !reader.Failed; t++)
            {
                topics[t] = reader.ReadHash();
            }

            events.Add(new WasmEvent(topics, reader.ReadBytes().ToArray()));
        }

        receipt = new WasmReceipt(output, events);
        return reader.TryFinish(out error);
    }
}
