namespace Veil.Enclave.Execution;

/// <summary>
/// A delivered message the enclave did not act on, and why. Bad input never throws: it lands here so
/// the host can log it, and the enclave's state is as if the message had not been delivered.
/// </summary>
public readonly record struct Refusal(uint BlockNumber, int Index, string Reason)
{
    public override string ToString() => $"#{BlockNumber}/{Index}: {Reason}";
}
