using Veil.Core;
using Veil.Enclave.Platform;

namespace Veil.Enclave.Tests.Platform;

public class SimulatedMeasurementTests
{
    [Fact]
    public void OfIdentity_MatchesGoldenVector_WhenIdentityIsFixed()
    {
        // BLAKE2b-256 of the UTF-8 identity string, cross-checked with Python's hashlib.
        var measurement = SimulatedMeasurement.OfIdentity("veil-enclave/sim/v1;Veil.Enclave/1.0.0.0/00112233445566778899aabbccddeeff");

        Assert.Equal("0x5ac336313044bef0b47a1d5c648623092bb13f5bddb96c57126c133d4e4c7fad", measurement.ToString());
    }

    [Fact]
    public void Current_IsStable_AndEqualsTheTrustedAssembliesMeasurement()
    {
        Assert.Equal(SimulatedMeasurement.Current, SimulatedMeasurement.Current);
        Assert.Equal(SimulatedMeasurement.Compute(SimulatedMeasurement.TrustedAssemblies), SimulatedMeasurement.Current);
    }

    [Fact]
    public void IdentityOf_NamesEveryTrustedAssemblyWithItsModuleVersionId()
    {
        var identity = SimulatedMeasurement.IdentityOf(SimulatedMeasurement.TrustedAssemblies);

        // Ordered by name; the contract runtimes the enclave hosts are part of what is measured.
        Assert.StartsWith(SimulatedMeasurement.IdentityPrefix + ";Veil.Contracts/", identity, StringComparison.Ordinal);
        Assert.Contains(";Veil.Wasm/", identity, StringComparison.Ordinal);
        foreach (var assembly in SimulatedMeasurement.TrustedAssemblies)
        {
            Assert.Contains($"{assembly.GetName().Name}/{assembly.GetName().Version}/{assembly.ManifestModule.ModuleVersionId:N}", identity, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Compute_IgnoresOrderAndDuplicates_WhenAssembliesAreShuffled()
    {
        var assemblies = SimulatedMeasurement.TrustedAssemblies;
        var shuffled = assemblies.Reverse().Concat(assemblies).ToArray();

        Assert.Equal(SimulatedMeasurement.Compute(assemblies), SimulatedMeasurement.Compute(shuffled));
    }

    [Fact]
    public void Compute_Differs_WhenAnotherAssemblyIsLoadedIntoTheEnclave()
    {
        // Extra code in the enclave (here: the test assembly standing in for a modified contract) is another enclave.
        var extended = SimulatedMeasurement.TrustedAssemblies.Append(typeof(SimulatedMeasurementTests).Assembly);

        Assert.NotEqual(SimulatedMeasurement.Current, SimulatedMeasurement.Compute(extended));
    }

    [Fact]
    public void OfIdentity_Differs_WhenIdentityChangesByOneCharacter()
    {
        var genuine = SimulatedMeasurement.IdentityOf(SimulatedMeasurement.TrustedAssemblies);
        var tampered = genuine[..^1] + (genuine[^1] == '0' ? '1' : '0');

        Assert.NotEqual(SimulatedMeasurement.OfIdentity(genuine), SimulatedMeasurement.OfIdentity(tampered));
        Assert.NotEqual(Hash256.Zero, SimulatedMeasurement.OfIdentity(tampered));
    }
}
