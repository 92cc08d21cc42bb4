using System.Net;

namespace OrderConfirm.Hosting;

// The empty body of a request that must go out once (see SendOnceGuard). SocketsHttpHandler silently re-sends a request without content on a new connection when the
// server closes the old one before answering; a request whose content has started to go out is never re-sent.
// It also records whether anything can have left this machine: an HTTP/1.1 request's headers wait in the
// connection's write buffer and are flushed with the content, so while serialization has not started, nothing did.
internal sealed class SendOnceContent : HttpContent
{
    private int _started;

    public bool SerializationStarted => Volatile.Read(ref _started) == 1;

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        Volatile.Write(ref _started, 1);
        return Task.CompletedTask;
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
        => SerializeToStreamAsync(stream, context);

    protected override void SerializeToStream(Stream stream, TransportContext? context, CancellationToken cancellationToken)
        => Volatile.Write(ref _started, 1);

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return true;
    }
}
