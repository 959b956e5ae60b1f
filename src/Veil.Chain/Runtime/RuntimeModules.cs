using Veil.Chain.Runtime.Modules;

namespace Veil.Chain.Runtime;

/// <summary>The modules of Veil's runtime, in module-index order (see <see cref="Veil.Protocol.Calls.ModuleIndex"/>).</summary>
public static class RuntimeModules
{
    public static IReadOnlyList<IRuntimeModule> Create()
    {
        var contracts = new ContractsModule();
        return
        [
            new SystemModule(),
            new BalancesModule(),
            new RegistryModule(),
            contracts,
            new MessageQueueModule([contracts]),
        ];
    }
}
