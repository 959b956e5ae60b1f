using Veil.Core.Scale;

namespace Veil.Contracts.Runtime;

/// <summary>
/// A query's answer or refusal. SCALE: <c>Result&lt;Vec&lt;u8&gt;, ContractError&gt;</c>
/// (<c>0x00 ‖ answer</c> or <c>0x01 ‖ error</c>), the plaintext the worker encrypts back to the querier.
/// </summary>
public readonly struct QueryResult
{
    public const int MaxAnswerLength = 1 << 20;

    private readonly byte[]? _answer;

    private QueryResult(byte[]? answer, ContractError? error)
    {
        _answer = answer;
        Error = error;
    }

    public bool IsSuccess => Error is null;

    public byte[] Answer => _answer ?? [];

    public ContractError? Error { get; }

    public static QueryResult Success(byte[] answer) => new(answer ?? throw new ArgumentNullException(nameof(answer)), null);

    public static QueryResult Fail(ContractErrorKind kind, string message) => new(null, new ContractError(kind, message));

    public static QueryResult Fail(ContractError error) => new(null, error);

    public byte[] Encode()
    {
        var writer = new ScaleWriter(Answer.Length + 64);
        try
        {
            writer.WriteResultTag(IsSuccess);
            if (Error is { } error)
            {
                error.Encode(ref writer);
            }
            else
            {
                writer.WriteBytes(Answer);
            }

            return writer.ToArray();
        }
        finally
        {
            writer.Dispose();
        }
    }

    public static bool TryDecode(ReadOnlySpan<byte> bytes, out QueryResult result, out string error)
    {
        var reader = new ScaleReader(bytes);
        result = reader.ReadResultTag()
            ? Success(reader.ReadBytes(MaxAnswerLength).ToArray())
            : Fail(ContractError.Decode(ref reader));
        if (!reader.TryFinish(out error))
        {
            result = default;
            return false;
        }

        return true;
    }
}
