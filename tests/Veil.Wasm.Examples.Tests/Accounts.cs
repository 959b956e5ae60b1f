using Veil.Core;

namespace Veil.Wasm.Examples.Tests;

public static class Accounts
{
    public static readonly AccountId Alice = Of(0xA1);
    public static readonly AccountId Bob = Of(0xB0);
    public static readonly AccountId Carol = Of(0xCA);
    public static readonly AccountId Dave = Of(0xDA);

    public static AccountId Of(byte fill) => new(Enumerable.Repeat(fill, AccountId.Size).ToArray());
}
