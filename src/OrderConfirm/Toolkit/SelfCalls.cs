using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace OrderConfirm.Toolkit;

/// Requests the service sends to itself, over its own listening socket: a client whose base address is on Host
/// (a .invalid name, RFC 2606, which no resolver ever answers) is sent to the address Kestrel listens on, learnt once
/// it listens. The sandbox serves its simulated providers and its demo shop this way, so their requests go through
/// the real HTTP clients, handlers and connection pool, and a client that somehow missed the rewrite reaches nothing.
public sealed class SelfCalls(IServer server, IHostApplicationLifetime lifetime)
{
    public const string Host = "orderconfirm-self.invalid";

    private Uri? _root;

    /// An absolute URL on the service itself, e.g. Url("/sandbox/robocall/api/").
    public static string Url(string path) => $"http://{Host}/{path.TrimStart('/')}";

    /// The root the service listens on (http preferred), once it listens.
    public async ValueTask<Uri> RootAsync(CancellationToken cancellationToken)
    {
        if (_root is { } known)
        {
            return known;
        }

        if (!lifetime.ApplicationStarted.IsCancellationRequested)
        {
            // Jobs may start before Kestrel has bound its port; until then there is nowhere to send.
            var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            await using var onStarted = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
            await started.Task.WaitAsync(cancellationToken);
        }

        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        _root = Pick(addresses) ?? throw new HttpRequestException(
            HttpRequestError.ConnectionError,
            "The service listens on no http(s) address it can call itself on (see ASPNETCORE_URLS or --urls).");
        return _root;
    }

    /// The address to reach a listening address from this machine: wildcards and localhost become 127.0.0.1.
    internal static Uri? Pick(IEnumerable<string> addresses)
    {
        var parsed = addresses
            .Select(a => a.Replace("://+", "://0.0.0.0", StringComparison.Ordinal).Replace("://*", "://0.0.0.0", StringComparison.Ordinal))
            .Select(a => Uri.TryCreate(a, UriKind.Absolute, out var uri) ? uri : null)
            .OfType<Uri>()
            .Where(u => u.Scheme == Uri.UriSchemeHttp || u.Scheme == Uri.UriSchemeHttps)
            .OrderBy(u => u.Scheme == Uri.UriSchemeHttp ? 0 : 1)
            .FirstOrDefault();
        if (parsed is null)
        {
            return null;
        }

        var host = parsed.Host is "0.0.0.0" or "[::]" or "::" || string.Equals(parsed.Host, "localhost", StringComparison.OrdinalIgnoreCase)
            ? (parsed.Scheme == Uri.UriSchemeHttps ? "localhost" : "127.0.0.1")
            : parsed.Host;
        return new UriBuilder(parsed.Scheme, host, parsed.Port).Uri;
    }
}

/// Sends a request for SelfCalls.Host to the service's own address; any other request passes untouched.
public sealed class SelfCallHandler(SelfCalls self) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.RequestUri is { IsAbsoluteUri: true } uri && string.Equals(uri.Host, SelfCalls.Host, StringComparison.OrdinalIgnoreCase))
        {
            var root = await self.RootAsync(cancellationToken);
            request.RequestUri = new UriBuilder(uri) { Scheme = root.Scheme, Host = root.Host, Port = root.Port }.Uri;
        }

        return await base.SendAsync(request, cancellationToken);
    }
}
