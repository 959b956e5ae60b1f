using Veil.Contracts.Runtime;
using Veil.Contracts.Wallet;
using Veil.Core;
using Veil.Crypto;
using Veil.Protocol.Calls;
using Veil.Protocol.Transactions;

namespace Veil.Sdk.Confidential;

/// <summary>
/// The confidential wallet from a user's side: public VEIL in by deposit, private transfers, withdrawals
/// back to public VEIL, and owner-only balance queries. A thin layer over <see cref="ConfidentialContractClient"/>
/// with the Wallet's command and query formats. Thread-safe.
/// </summary>
public sealed class WalletClient : IDisposable
{
    private WalletClient(ConfidentialContractClient contract) => Contract = contract;

    public ConfidentialContractClient Contract { get; }

    /// <summary>Opens the Wallet <paramref name="contractId"/>, or the chain's only Wallet when null.</summary>
    public static async Task<WalletClient> OpenAsync(VeilClient chain, HttpClient http, Uri worker, Hash256? contractId, CancellationToken cancellationToken)
    {
        var contract = await ConfidentialContractClient.OpenAsync(chain, http, worker, contractId, WalletContract.ContractName, cancellationToken).ConfigureAwait(false);
        if (contract.Contract.Kind != WalletContract.ContractName)
        {
            contract.Dispose();
            throw new InvalidOperationException($"contract {contract.Contract.Id} is a {contract.Contract.Kind}, not a {WalletContract.ContractName}");
        }

        return new WalletClient(contract);
    }

    /// <summary>Contracts.deposit: locks <paramref name="amount"/> public VEIL of <paramref name="from"/>; the wallet credits it privately.</summary>
    public byte[] SignDeposit(Ed25519KeyPair from, UInt128 amount, uint nonce, in SigningContext context)
    {
        ArgumentNullException.ThrowIfNull(from);
        var call = ContractsCall.CreateDeposit(Contract.Contract.Id, amount);
        return ExtrinsicCodec.EncodeSigned(from.PublicKey, call, Era.Immortal, nonce, 0, context, context.GenesisHash, from.Sign);
    }

    /// <summary>A private transfer of <paramref name="amount"/> from <paramref name="from"/>'s wallet balance to <paramref name="to"/>'s.</summary>
    public byte[] SignTransfer(Ed25519KeyPair from, AccountId to, UInt128 amount, uint nonce, in SigningContext context)
        => Contract.SignCommand(from, WalletCommand.Transfer(to, amount).Encode(), nonce, context);

    /// <summary>Withdraws <paramref name="amount"/> from <paramref name="from"/>'s wallet balance to <paramref name="to"/>'s public balance.</summary>
    public byte[] SignWithdraw(Ed25519KeyPair from, AccountId to, UInt128 amount, uint nonce, in SigningContext context)
        => Contract.SignCommand(from, WalletCommand.Withdraw(to, amount).Encode(), nonce, context);

    /// <summary><paramref name="who"/>'s private balance, asked by <paramref name="asker"/> (the wallet answers only the owner).</summary>
    /// <exception cref="QueryRefusedException">The worker or the contract refused (e.g. asking for someone else's balance).</exception>
    /// <param name="atLeastBlock">Wait until the answer reflects this block (e.g. the one holding your command).</param>
    public Task<UInt128> GetBalanceAsync(Ed25519KeyPair asker, AccountId who, CancellationToken cancellationToken, uint atLeastBlock = 0)
        => AskAmountAsync(asker, WalletQuery.Balance(who).Encode(), atLeastBlock, cancellationToken);

    /// <summary>The total of all private balances (public to any signed asker).</summary>
    public Task<UInt128> GetTotalSupplyAsync(Ed25519KeyPair asker, CancellationToken cancellationToken)
        => AskAmountAsync(asker, WalletQuery.TotalSupply.Encode(), 0, cancellationToken);

    public void Dispose() => Contract.Dispose();

    private async Task<UInt128> AskAmountAsync(Ed25519KeyPair asker, byte[] query, uint atLeastBlock, CancellationToken cancellationToken)
    {
        var (result, _) = await Contract.QueryAsync(asker, query, cancellationToken, atLeastBlock).ConfigureAwait(false);
        if (result.Error is { } error)
        {
            throw new QueryRefusedException($"the wallet refused: {error.Message} ({error.Kind})");
        }

        return WalletQuery.TryDecodeAmount(result.Answer, out var amount)
            ? amount
            : throw new QueryRefusedException($"the wallet's answer is not an amount ({result.Answer.Length} bytes)");
    }
}
