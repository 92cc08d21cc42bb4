using System.Net;
using OrderConfirm.Hosting;

namespace OrderConfirm.Sms.RoboSmsCom;

// Innermost handler of the send client. The connection pool never re-sends a request whose content started to go
// out, so the body itself prevents a duplicate; this handler only tells "certainly never left" (no connection, DNS,
// TLS, before the body started) apart from everything else, which is an unknown outcome.
internal sealed class RoboSmsComSendGuard : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Content is not RoboSmsComContent content)
        {
            throw new InvalidOperationException("A robo-sms.com send must carry a RoboSmsComContent body.");
        }

        // The "headers go out with the content" reasoning holds for HTTP/1.1; HTTP/2 sends headers first.
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
