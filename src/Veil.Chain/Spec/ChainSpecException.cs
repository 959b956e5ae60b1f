namespace Veil.Chain.Spec;

/// <summary>A chain spec that cannot be used, with the reason.</summary>
public sealed class ChainSpecException(string message) : Exception(message);
