using Veil.Core.Scale;

namespace Veil.Protocol.Calls;

/// <summary>Calls of the System module.</summary>
public static class SystemCall
{
    /// <summary>remark(Vec&lt;u8&gt;): does nothing but pay its fee; useful to anchor data and in tests.</summary>
    public const byte Remark = 0;

    public static byte[] CreateRemark(ReadOnlySpan<byte> remark)
    {
        var writer = new ScaleWriter(remark.Length + 8);
        try
        {
            writer.WriteU8(ModuleIndex.System);
            writer.WriteU8(Remark);
            writer.WriteBytes(remark);
            return writer.ToArray();
        }
        finally
        {
            writer.Dispose();
        }
    }
}
