using System.Net;

namespace OrderConfirm.RoboCall;

// Innermost handler of the dial client: sends the dial so that the connection pool cannot send it again, and turns a
// failure into DialNotSentException only when the request certainly never left (see DialRequestContent).
internal sealed class DialSendGuard : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        // The dial is a GET without a body of its own, so nothing is lost by replacing the content.
        var content = new DialRequestContent();
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
            throw new DialNotSentException(exception.HttpRequestError, exception);
        }
    }

    private static bool NeverConnected(HttpRequestError error)
        => error is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError;
}
