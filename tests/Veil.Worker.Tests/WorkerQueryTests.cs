using System.Globalization;
using System.Net;
using System.Text.Json;
using Veil.Contracts.Runtime;
using Veil.Contracts.Wallet;
using Veil.Core;
using Veil.Enclave.Boundary;

namespace Veil.Worker.Tests;

/// <summary>POST /query on a real worker host over HTTP, answered from a Wallet the chain funded.</summary>
public sealed class WorkerQueryTests(WalletWorkerFixture fixture) : IClassFixture<WalletWorkerFixture>, IDisposable
{
    private readonly CancellationTokenSource _cancel = new(TimeSpan.FromSeconds(60));

    [Fact]
    public async Task PostQuery_AnswersOwnersBalanceExactly_SealedToTheOwner()
    {
        using var pending = fixture.Seal(fixture.Bob, WalletQuery.Balance(fixture.Bob.PublicKey).Encode());

        using var response = await fixture.PostQueryAsync(pending.Request.Encode(), _cancel.Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/octet-stream", response.Content.Headers.ContentType?.MediaType);
        var result = await OpenAsync(pending, response);
        Assert.True(result.IsSuccess, result.Error?.ToString());
        Assert.True(WalletQuery.TryDecodeAmount(result.Answer, out var balance));
        Assert.Equal(WalletWorkerFixture.Deposited, balance);
    }

    [Fact]
    public async Task PostQuery_AnswersTotalSupply_AsTheDeposit()
    {
        using var pending = fixture.Seal(fixture.Alice, WalletQuery.TotalSupply.Encode());

        using var response = await fixture.PostQueryAsync(pending.Request.Encode(), _cancel.Token);

        var result = await OpenAsync(pending, response);
        Assert.True(WalletQuery.TryDecodeAmount(result.Answer, out var supply));
        Assert.Equal(WalletWorkerFixture.Deposited, supply);
    }

    [Fact]
    public async Task PostQuery_Returns200WithSealedNotAuthorized_WhenAliceAsksBobsBalance()
    {
        using var pending = fixture.Seal(fixture.Alice, WalletQuery.Balance(fixture.Bob.PublicKey).Encode());

        using var response = await fixture.PostQueryAsync(pending.Request.Encode(), _cancel.Token);

        // A refusal looks like any answer to the host: 200 and sealed bytes only Alice can read.
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = await OpenAsync(pending, response);
        Assert.False(result.IsSuccess);
        Assert.Equal(ContractErrorKind.NotAuthorized, result.Error!.Value.Kind);
    }

    [Fact]
    public async Task PostQuery_AnswerCannotBeOpened_ByAnotherPendingQuery()
    {
        using var bobs = fixture.Seal(fixture.Bob, WalletQuery.Balance(fixture.Bob.PublicKey).Encode());
        using var alices = fixture.Seal(fixture.Alice, WalletQuery.Balance(fixture.Bob.PublicKey).Encode());

        using var response = await fixture.PostQueryAsync(bobs.Request.Encode(), _cancel.Token);
        var bytes = await response.Content.ReadAsByteArrayAsync(_cancel.Token);

        Assert.True(bobs.TryOpenResponse(bytes, out _, out var error), error);
        Assert.False(alices.TryOpenResponse(bytes, out _, out error));
        Assert.Contains("authentication failed", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new byte[] { 0x01, 0x02, 0x03 })]
    [InlineData(new byte[0])]
    public async Task PostQuery_Returns400WithJsonError_WhenBodyIsGarbage(byte[] body)
    {
        using var response = await fixture.PostQueryAsync(body, _cancel.Token);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith("query refused: sealed query does not decode", await ErrorAsync(response), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PostQuery_Returns400_WhenTheQueryIsForAnotherContract()
    {
        var other = new Hash256(Enumerable.Repeat((byte)0x66, 32).ToArray());
        using var pending = new Veil.Protocol.Confidential.QuerySealer(fixture.Keys with { ContractId = other }, fixture.GenesisHash)
            .Seal(fixture.Bob, WalletQuery.TotalSupply.Encode(), fixture.Expiry);

        using var response = await fixture.PostQueryAsync(pending.Request.Encode(), _cancel.Token);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal($"query refused: this worker does not run contract {other}", await ErrorAsync(response));
    }

    [Fact]
    public async Task PostQuery_Returns400_WhenTheQueryExpired()
    {
        using var pending = new Veil.Protocol.Confidential.QuerySealer(fixture.Keys, fixture.GenesisHash)
            .Seal(fixture.Bob, WalletQuery.TotalSupply.Encode(), expiryBlock: 1);

        using var response = await fixture.PostQueryAsync(pending.Request.Encode(), _cancel.Token);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith("query refused: it expired at block 1,", await ErrorAsync(response), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task PostQuery_Returns413_WhenBodyExceedsMaxQueryLength(bool chunked)
    {
        using var content = new ByteArrayContent(new byte[BoundaryRequest.MaxQueryLength + 1]);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/query", UriKind.Relative)) { Content = content };
        request.Headers.TransferEncodingChunked = chunked;

        using var response = await fixture.Http.SendAsync(request, _cancel.Token);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains(BoundaryRequest.MaxQueryLength.ToString(CultureInfo.InvariantCulture), await ErrorAsync(response), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PostQuery_AcceptsBodyOfExactlyMaxQueryLength_AndRefusesItAsUndecodable()
    {
        using var response = await fixture.PostQueryAsync(new byte[BoundaryRequest.MaxQueryLength], _cancel.Token);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith("query refused:", await ErrorAsync(response), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetQuery_Returns405()
    {
        using var response = await fixture.Http.GetAsync(new Uri("/query", UriKind.Relative), _cancel.Token);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
    }

    [Fact]
    public async Task Metrics_CountAnsweredAndRefusedQueries()
    {
        var answeredBefore = await MetricAsync("veil_worker_queries_answered_total");
        var refusedBefore = await MetricAsync("veil_worker_queries_refused_total");
        using var own = fixture.Seal(fixture.Bob, WalletQuery.Balance(fixture.Bob.PublicKey).Encode());
        using var foreign = fixture.Seal(fixture.Alice, WalletQuery.Balance(fixture.Bob.PublicKey).Encode());

        (await fixture.PostQueryAsync(own.Request.Encode(), _cancel.Token)).Dispose();
        (await fixture.PostQueryAsync(foreign.Request.Encode(), _cancel.Token)).Dispose();
        (await fixture.PostQueryAsync([0xff], _cancel.Token)).Dispose();

        // A contract-level refusal is still an answer: only the envelope failure counts as refused.
        Assert.Equal(answeredBefore + 2, await MetricAsync("veil_worker_queries_answered_total"));
        Assert.Equal(refusedBefore + 1, await MetricAsync("veil_worker_queries_refused_total"));
    }

    public void Dispose() => _cancel.Dispose();

    private async Task<QueryResult> OpenAsync(Veil.Protocol.Confidential.PendingQuery pending, HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var bytes = await response.Content.ReadAsByteArrayAsync(_cancel.Token);
        Assert.True(pending.TryOpenResponse(bytes, out var plaintext, out var error), error);
        Assert.True(Veil.Protocol.Confidential.QueryAnswer.TryDecode(plaintext, out var answer, out error), error);
        Assert.True(QueryResult.TryDecode(answer.Result, out var result, out error), error);
        return result;
    }

    private async Task<string> ErrorAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(_cancel.Token));
        return json.RootElement.GetProperty("error").GetString()!;
    }

    private async Task<long> MetricAsync(string name)
    {
        var text = await fixture.Http.GetStringAsync(new Uri("/metrics", UriKind.Relative), _cancel.Token);
        var line = Assert.Single(text.Split('\n'), l => l.StartsWith(name + " ", StringComparison.Ordinal));
        return long.Parse(line.AsSpan(name.Length + 1), CultureInfo.InvariantCulture);
    }
}
