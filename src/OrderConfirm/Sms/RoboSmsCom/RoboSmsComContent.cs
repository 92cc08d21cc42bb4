using System.Net;
using System.Net.Http.Headers;

namespace OrderConfirm.Sms.RoboSmsCom;

// The JSON body of a send: exactly "Content-Type: application/json" as the document writes it (a wrong content type is
// one of its documented errors, so no charset parameter is risked), a Content-Length instead of chunked encoding, and a
// record of whether serialization started. An HTTP/1.1 request's headers wait in the connection's write buffer and go
// out with the content, so while serialization has not started, nothing of this request left the machine.
internal sealed class RoboSmsComContent : HttpContent
{
    private readonly byte[] _body;
    private int _started;

    public RoboSmsComContent(byte[] body)
    {
        _body = body;
        Headers.ContentType = new MediaTypeHeaderValue("application/json");
    }

    public bool SerializationStarted => Volatile.Read(ref _started) == 1;

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        => SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        Volatile.Write(ref _started, 1);
        await stream.WriteAsync(_body, cancellationToken);
    }

    protected override void SerializeToStream(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        Volatile.Write(ref _started, 1);
        stream.Write(_body);
    }

    protected override bool TryComputeLength(out long length)
    {
        length = _body.Length;
        return true;
    }
}
