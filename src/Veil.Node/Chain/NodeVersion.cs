namespace Veil.Node.Chain;

/// <summary>The node's version string (system_version).</summary>
public static class NodeVersion
{
    public const string Text = "0.1.0";
}
