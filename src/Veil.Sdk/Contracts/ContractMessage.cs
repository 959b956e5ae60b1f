namespace Veil.Sdk.Contracts;

/// <summary>A constructor or message of a contract's metadata: its selector, typed arguments and return type.</summary>
public sealed record ContractMessage(string Label, byte[] Selector, IReadOnlyList<ContractArgument> Args, int? ReturnType, bool Mutates, bool IsConstructor);

/// <summary>One argument of a <see cref="ContractMessage"/>: its label and its id in the metadata's type registry.</summary>
public sealed record ContractArgument(string Label, int Type);
