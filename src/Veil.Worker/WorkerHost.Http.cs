using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Veil.Protocol.Registry;

namespace Veil.Worker;

public sealed partial class WorkerHost
{
    /// <summary>Serves GET /info, /health and /metrics on 127.0.0.1 (Kestrel core, no MVC, no JSON services).</summary>
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
        _http = app;
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        HttpUri = new UriBuilder(Uri.UriSchemeHttp, IPAddress.Loopback.ToString(), new Uri(address).Port).Uri;
        _logger.LogInformation("worker HTTP on {Uri} (info, health, metrics)", HttpUri);
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
