using Veil.Enclave.LightClient;

namespace Veil.Enclave.Execution;

public sealed partial class EnclaveRuntime
{
    /// <summary>
    /// Handles one accepted block's messages (DESIGN §5: each contract has its own queue; different
    /// contracts run in parallel). Runs of consecutive commands to running contracts are split by contract;
    /// when a run touches several contracts, each contract's commands execute in order on its own task,
    /// in parallel with the others, each into its own sink. Everything else — registry events, deployments,
    /// keys, joins, snapshots, held commands — is handled in place, in order, after the commands before it.
    /// The result is identical to calling <see cref="Process"/> for each message: contracts share no
    /// state, and the sinks' traces merge back by message position, so egress, refusals and receipts come
    /// out in the same order, byte for byte, on every worker.
    /// </summary>
    public void ProcessBlock(IReadOnlyList<DeliveredMessage> messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var run = new List<(DeliveredMessage Delivered, HostedContract Hosted)>();
        foreach (var delivered in messages)
        {
            if (delivered.Message is not null
                && IsInOrder(delivered)
                && _commandTopics.TryGetValue(delivered.Message.TopicText, out var contractId)
                && _contracts[contractId].IsRunning)
            {
                _last = (delivered.BlockNumber, delivered.Index);
                run.Add((delivered, _contracts[contractId]));
                continue;
            }

            ExecuteRun(run);
            Process(delivered);
        }

        ExecuteRun(run);
    }

    private bool IsInOrder(DeliveredMessage delivered)
        => _last is not { } last || delivered.BlockNumber > last.Block || (delivered.BlockNumber == last.Block && delivered.Index > last.Index);

    private void ExecuteRun(List<(DeliveredMessage Delivered, HostedContract Hosted)> run)
    {
        if (run.Count == 0)
        {
            return;
        }

        // Group by contract, groups ordered by their first command's position.
        var groups = new List<(HostedContract Hosted, List<DeliveredMessage> Commands)>();
        var index = new Dictionary<HostedContract, int>();
        foreach (var (delivered, hosted) in run)
        {
            if (!index.TryGetValue(hosted, out var at))
            {
                at = groups.Count;
                index[hosted] = at;
                groups.Add((hosted, []));
            }

            groups[at].Commands.Add(delivered);
        }

        run.Clear();
        if (groups.Count == 1)
        {
            foreach (var delivered in groups[0].Commands)
            {
                Execute(delivered, groups[0].Hosted);
            }

            return;
        }

        var sinks = new ExecutionSink[groups.Count];
        Parallel.For(0, groups.Count, i =>
        {
            var sink = new ExecutionSink(forMerge: true);
            foreach (var delivered in groups[i].Commands)
            {
                sink.CurrentIndex = delivered.Index;
                Execute(delivered, groups[i].Hosted, sink);
            }

            sinks[i] = sink;
        });

        ExecutionSink.Merge(sinks, _sink);
    }
}
