namespace Veil.Protocol.Blocks;

/// <summary>What a signer needs to know about the runtime (Substrate's state_getRuntimeVersion).</summary>
public static class RuntimeVersion
{
    public const string SpecName = "veil";
    public const string ImplName = "veil-node";

    /// <summary>Bumped whenever the state transition function changes.</summary>
    public const uint SpecVersion = 1;

    /// <summary>Bumped whenever call encodings or signed extensions change (old signatures become invalid).</summary>
    public const uint TransactionVersion = 1;
}
