using System.Net;

namespace OrderConfirm.Toolkit;

// Innermost handler of a client whose body-less GET must never go out twice (the Robo Call dial, a Robo SMS send): the
// connection pool cannot send it again, and a failure becomes RequestNotSentException only when the request certainly
// never left (see SendOnceContent).
internal sealed class SendOnceGuard : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        // A GET with query parameters gets an empty body of ours; a body must be ours already, so that whether it started
        // to go out is known.
        var content = request.Content switch
        {
            null => new SendOnceContent(),
            SendOnceContent own => own,
            _ => throw new InvalidOperationException("A request through SendOnceGuard carries no body or a SendOnceContent."),
        };
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
