using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Veil.Enclave.Boundary;
using Veil.Protocol.Registry;

namespace Veil.Worker;

public sealed partial class WorkerHost
{
    /// <summary>Serves GET /info, /health, /metrics and POST /query on 127.0.0.1 (Kestrel core, no MVC, no JSON services).</summary>
    private async Task StartHttpAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, _options.HttpPort);
            kestrel.AddServerHeader = false;
        });
        builder.Services.AddRouting();
        var app = builder.Build();
        app.MapGet("/info", HandleInfoAsync);
        app.MapGet("/health", HandleHealthAsync);
        app.MapGet("/metrics", HandleMetricsAsync);
        app.MapPost("/query", context => HandleQueryAsync(context, receipt: false));
        app.MapPost("/receipt", context => HandleQueryAsync(context, receipt: true));
        _http = app;
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        HttpUri = new UriBuilder(Uri.UriSchemeHttp, IPAddress.Loopback.ToString(), new Uri(address).Port).Uri;
        _logger.LogInformation("worker HTTP on {Uri} (info, query, receipt, health, metrics)", HttpUri);
    }

    private async Task HandleInfoAsync(HttpContext context)
    {
        var info = Status.Info;
        context.Response.ContentType = "application/json";
        var writer = new Utf8JsonWriter(context.Response.BodyWriter);
        await using (writer.ConfigureAwait(false))
        {
            writer.WriteStartObject();
            writer.WriteString("identityKey", info.IdentityKey.ToString());
            writer.WriteString("ecdhKey", info.EcdhKey.ToString());
            writer.WriteString("measurement", info.Measurement.ToString());
            writer.WriteString("role", info.Role == WorkerRole.Gatekeeper ? "gatekeeper" : "worker");
            writer.WriteString("operator", _operator.PublicKey.ToSs58());
            writer.WriteString("genesisHash", info.GenesisHash.ToString());
            writer.WriteBoolean("registered", Status.Registered);
            writer.WriteStartObject("lastBlock");
            writer.WriteNumber("number", info.LastNumber);
            writer.WriteString("hash", info.LastHash.ToString());
            writer.WriteEndObject();
            writer.WriteNumber("checkpointBlock", Status.CheckpointBlock);
            writer.WriteNumber("nextSequence", info.NextSequence);
            writer.WriteNumber("egressRelayed", Status.EgressRelayed);
            writer.WriteEndObject();
            await writer.FlushAsync(context.RequestAborted).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// POST /query: the body is an encoded SealedQuery (application/octet-stream); the answer is the
    /// encoded SealedQueryResponse, readable only by the client that sealed the query. A refused query
    /// gets 400 with <c>{"error": "..."}</c>; a body over the limit gets 413 and is not read past the limit.
    /// POST /receipt is the same for a sealed query whose bytes are a ReceiptRequest: the answer is the
    /// private receipt of the sender's own command.
    /// </summary>
    private async Task HandleQueryAsync(HttpContext context, bool receipt)
    {
        var body = await ReadBodyAsync(context.Request, BoundaryRequest.MaxQueryLength, context.RequestAborted).ConfigureAwait(false);
        if (body is null)
        {
            Status.AddQuery(answered: false);
            await WriteErrorAsync(context, StatusCodes.Status413PayloadTooLarge, $"query refused: the body is larger than {BoundaryRequest.MaxQueryLength} bytes").ConfigureAwait(false);
            return;
        }

        var answered = receipt ? _enclave.TryReceipt(body, out var answer, out var error) : _enclave.TryQuery(body, out answer, out error);
        if (!answered)
        {
            Status.AddQuery(answered: false);
            await WriteErrorAsync(context, StatusCodes.Status400BadRequest, error).ConfigureAwait(false);
            return;
        }

        Status.AddQuery(answered: true);
        context.Response.ContentType = "application/octet-stream";
        context.Response.ContentLength = answer.Length;
        await context.Response.Body.WriteAsync(answer, context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>Reads the whole body, or returns null as soon as it exceeds <paramref name="limit"/> bytes.</summary>
    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, int limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength > limit)
        {
            return null;
        }

        using var buffer = new MemoryStream(request.ContentLength is { } length ? (int)length : 1024);
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static async Task WriteErrorAsync(HttpContext context, int status, string error)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        var writer = new Utf8JsonWriter(context.Response.BodyWriter);
        await using (writer.ConfigureAwait(false))
        {
            writer.WriteStartObject();
            writer.WriteString("error", error);
            writer.WriteEndObject();
            await writer.FlushAsync(context.RequestAborted).ConfigureAwait(false);
        }
    }

    private Task HandleHealthAsync(HttpContext context)
    {
        var healthy = Status.Registered && !_relayLoop.IsCompleted;
        context.Response.StatusCode = healthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable;
        context.Response.ContentType = "text/plain";
        return context.Response.WriteAsync(healthy ? "ok\n" : "unavailable\n", context.RequestAborted);
    }

    private Task HandleMetricsAsync(HttpContext context)
    {
        context.Response.ContentType = "text/plain; version=0.0.4";
        return context.Response.WriteAsync(Status.ToPrometheus(), context.RequestAborted);
    }
}
