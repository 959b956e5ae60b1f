namespace Veil.Chain.Consensus;

/// <summary>DevSeal settings: a block every <see cref="BlockInterval"/>, or as soon as transactions arrive when <see cref="Instant"/>.</summary>
public sealed record DevSealOptions(TimeSpan BlockInterval, bool Instant)
{
    public static readonly DevSealOptions Default = new(TimeSpan.FromSeconds(1), false);
}
