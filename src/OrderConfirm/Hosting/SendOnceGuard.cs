using System.Net;

namespace OrderConfirm.Hosting;

// Innermost handler of a client whose body-less GET must never go out twice (the Robo Call dial, a Robo SMS send): the
// connection pool cannot send it again, and a failure becomes RequestNotSentException only when the request certainly
// never left (see SendOnceContent).
internal sealed class SendOnceGuard : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        // Only for requests without a body of their own (GET with query parameters): nothing is lost by replacing it.
        if (request.Content is not null)
        {
            throw new InvalidOperationException("SendOnceGuard is for requests without a body; a request with one is never re-sent by the pool anyway.");
        }

        var content = new SendOnceContent();
        request.Content = content;

        // The "headers go out with the content" reasoning holds for HTTP/1.1, where HTTP/2 would send headers first.
        request.Version = HttpVersion.Version11;
        request.VersionPolicy = HttpVersionPolicy.RequestVersionOrLower;

        try
        {
            return await base.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException exception) when (!content.SerializationStarted && NeverConnected(exception.HttpRequestError))
        {
            throw new RequestNotSentException(exception.HttpRequestError, exception);
        }
    }

    private static bool NeverConnected(HttpRequestError error)
        => error is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError;
}
