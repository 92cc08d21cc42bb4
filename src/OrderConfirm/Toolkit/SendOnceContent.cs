using System.Net;
using System.Net.Http.Headers;

namespace OrderConfirm.Toolkit;

// The body of a request that must go out once (see SendOnceGuard): empty for a GET with query parameters, or fixed
// bytes with a Content-Length. SocketsHttpHandler silently re-sends a request without content on a new connection when
// the server closes the old one before answering; a request whose content has started to go out is never re-sent.
// It also records whether anything can have left this machine: an HTTP/1.1 request's headers wait in the
// connection's write buffer and are flushed with the content, so while serialization has not started, nothing did.
internal sealed class SendOnceContent : HttpContent
{
    private readonly byte[] _body;
    private int _started;

    public SendOnceContent()
        : this([], null)
    {
    }

    // mediaType is set exactly as given (no charset parameter is added).
    public SendOnceContent(byte[] body, string? mediaType)
    {
        _body = body;
        if (mediaType is not null)
        {
            Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        }
    }

    public bool SerializationStarted => Volatile.Read(ref _started) == 1;

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        => SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        Volatile.Write(ref _started, 1);
        if (_body.Length > 0)
        {
            await stream.WriteAsync(_body, cancellationToken);
        }
    }

    protected override void SerializeToStream(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        Volatile.Write(ref _started, 1);
        if (_body.Length > 0)
        {
            stream.Write(_body);
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = _body.Length;
        return true;
    }
}
