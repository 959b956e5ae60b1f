using System.Buffers;
using System.Collections.Frozen;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Veil.Node.Metrics;

namespace Veil.Node.Rpc;

/// <summary>
/// Turns one JSON-RPC message (a request or a batch) into its response, independent of transport. The
/// method table is frozen at construction; a call costs one parse, one span lookup and one handler call —
/// no reflection, no per-call string for the method name.
/// </summary>
public sealed partial class RpcDispatcher
{
    private const int MaxInlineMethodChars = 128;

    private readonly FrozenDictionary<string, RpcMethodEntry> _methods;
    private readonly FrozenDictionary<string, RpcMethodEntry>.AlternateLookup<ReadOnlySpan<char>> _methodsBySpan;
    private readonly JsonDocumentOptions _documentOptions;
    private readonly RpcServerOptions _options;
    private readonly ILogger _logger;
    private readonly Counter _invalidRequests;

    public RpcDispatcher(
        IEnumerable<RpcMethod> methods,
        IEnumerable<RpcSubscription> subscriptions,
        RpcServerOptions options,
        MetricsRegistry metrics,
        ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(methods);
        ArgumentNullException.ThrowIfNull(subscriptions);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(metrics);
        _options = options;
        _logger = logger ?? NullLogger.Instance;
        _documentOptions = new JsonDocumentOptions { MaxDepth = options.MaxJsonDepth };
        _invalidRequests = metrics.GetCounter(
            "veil_rpc_invalid_requests_total",
            "Messages refused before reaching a method: parse errors, invalid requests, unknown methods, size limits.");

        var table = new Dictionary<string, RpcMethodEntry>(StringComparer.Ordinal);
        void Add(string name, Func<Counter, Counter, RpcMethodEntry> create)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(name);
            if (table.ContainsKey(name)) throw new ArgumentException($"RPC method '{name}' is registered twice.", nameof(methods));
            var calls = metrics.GetCounter("veil_rpc_calls_total", "RPC calls received, by method.", "method", name);
            var errors = metrics.GetCounter("veil_rpc_errors_total", "RPC calls answered with an error, by method.", "method", name);
            table.Add(name, create(calls, errors));
        }

        foreach (var method in methods)
        {
            ArgumentNullException.ThrowIfNull(method?.Handler, nameof(methods));
            Add(method.Name, (calls, errors) => new RpcMethodEntry(method.Name, calls, errors) { Handler = method.Handler });
        }

        foreach (var subscription in subscriptions)
        {
            ArgumentNullException.ThrowIfNull(subscription?.Start, nameof(subscriptions));
            ArgumentException.ThrowIfNullOrWhiteSpace(subscription.NotificationMethod);
            Add(subscription.SubscribeMethod, (calls, errors) => new RpcMethodEntry(subscription.SubscribeMethod, calls, errors) { Subscription = subscription });
            Add(subscription.UnsubscribeMethod, (calls, errors) => new RpcMethodEntry(subscription.UnsubscribeMethod, calls, errors) { Subscription = subscription, IsUnsubscribe = true });
        }

        if (!table.ContainsKey(RpcMethodsName))
        {
            var names = new List<string>(table.Keys) { RpcMethodsName };
            names.Sort(StringComparer.Ordinal);
            var listing = RpcMethodsListing(names);
            Add(RpcMethodsName, (calls, errors) => new RpcMethodEntry(RpcMethodsName, calls, errors)
            {
                Handler = (_, _) => ValueTask.FromResult(RpcResult.Raw(listing)),
            });
        }

        _methods = table.ToFrozenDictionary(StringComparer.Ordinal);
        _methodsBySpan = _methods.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>The built-in method listing every method and subscription, sorted, as Substrate's does.</summary>
    public static string RpcMethodsName => "rpc_methods";

    /// <summary>Every method name served, including subscriptions and <c>rpc_methods</c>, sorted ordinally.</summary>
    public IReadOnlyList<string> MethodNames
    {
        get
        {
            var names = new List<string>(_methods.Keys);
            names.Sort(StringComparer.Ordinal);
            return names;
        }
    }

    /// <summary>
    /// Processes one HTTP-style message (no subscriptions). Returns false when nothing is to be sent back:
    /// the message held only notifications.
    /// </summary>
    public async ValueTask<bool> ProcessAsync(ReadOnlyMemory<byte> request, IBufferWriter<byte> response, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        using var output = new PooledBufferWriter();
        if (!await ProcessAsync(request, output, scope: null, cancellationToken).ConfigureAwait(false)) return false;
        response.Write(output.WrittenSpan);
        return true;
    }

    /// <summary>Writes a lone error response with a null id, for refusals made before a message is parsed.</summary>
    internal static void WriteStandaloneError(IBufferWriter<byte> output, int code, string message)
    {
        using var writer = new Utf8JsonWriter(output);
        var call = new RpcCall { Respond = true, Error = new RpcError(code, message) };
        WriteResponse(writer, ref call);
    }

    internal void CountInvalid() => _invalidRequests.Inc();

    internal async ValueTask<bool> ProcessAsync(ReadOnlyMemory<byte> request, PooledBufferWriter output, RpcMessageScope? scope, CancellationToken cancellationToken)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(request, _documentOptions);
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException or InvalidOperationException)
        {
            _invalidRequests.Inc();
            WriteStandaloneError(output, RpcErrorCodes.ParseError, "Parse error: " + Truncate(ex.Message, 300));
            return true;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Array) return await ProcessBatchAsync(root, output, scope, cancellationToken).ConfigureAwait(false);

            var call = Start(root, scope, cancellationToken);
            if (call.HasPending) call = await CompleteAsync(call, cancellationToken).ConfigureAwait(false);
            if (!call.Respond) return false;
            if (WriteSingle(output, call) && scope is not null) scope.ResponseReplaced = true;
            return true;
        }
    }

    private async ValueTask<bool> ProcessBatchAsync(JsonElement root, PooledBufferWriter output, RpcMessageScope? scope, CancellationToken cancellationToken)
    {
        var count = root.GetArrayLength();
        if (count == 0)
        {
            _invalidRequests.Inc();
            WriteStandaloneError(output, RpcErrorCodes.InvalidRequest, "Invalid request: empty batch");
            return true;
        }

        if (count > _options.MaxBatchSize)
        {
            _invalidRequests.Inc();
            WriteStandaloneError(output, RpcErrorCodes.BatchTooLarge, $"Batch too large: {count} requests exceeds the limit of {_options.MaxBatchSize}");
            return true;
        }

        var calls = ArrayPool<RpcCall>.Shared.Rent(count);
        try
        {
            // Start every call before awaiting any, so asynchronous handlers overlap.
            var index = 0;
            foreach (var request in root.EnumerateArray()) calls[index++] = Start(request, scope, cancellationToken);

            var respond = false;
            for (var i = 0; i < count; i++)
            {
                if (calls[i].HasPending) calls[i] = await CompleteAsync(calls[i], cancellationToken).ConfigureAwait(false);
                respond |= calls[i].Respond;
            }

            // JSON-RPC 2.0 §6: a batch of only notifications gets nothing back, not an empty array.
            if (!respond) return false;
            if (WriteAll(output, calls.AsSpan(0, count), batch: true) && scope is not null) scope.ResponseReplaced = true;
            return true;
        }
        finally
        {
            ArrayPool<RpcCall>.Shared.Return(calls, clearArray: true);
        }
    }

    private static string Truncate(string text, int max) => text.Length <= max ? text : string.Concat(text.AsSpan(0, max), "…");

    private static byte[] RpcMethodsListing(List<string> names)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("methods"u8);
            foreach (var name in names) writer.WriteStringValue(name);
            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private RpcMethodEntry? Lookup(JsonElement method, out string? longName)
    {
        longName = null;

        // The raw token includes its quotes; names with escapes or longer than a stack buffer take the slow path.
        var raw = JsonMarshal.GetRawUtf8Value(method);
        raw = raw[1..^1];
        if (raw.Length <= MaxInlineMethodChars && raw.IndexOf((byte)'\\') < 0)
        {
            Span<char> chars = stackalloc char[MaxInlineMethodChars];
            var length = Encoding.UTF8.GetChars(raw, chars);
            return _methodsBySpan.TryGetValue(chars[..length], out var found) ? found : null;
        }

        longName = method.GetString();
        return longName is not null && _methods.TryGetValue(longName, out var entry) ? entry : null;
    }
}
