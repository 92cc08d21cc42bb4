using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;

namespace OrderConfirm.Webhooks;

/// The raw body of a shop's webhook, as both receivers read and check it: signatures are computed on these exact bytes.
public static class WebhookBody
{
    /// Null when the body is over the limit. Read with a limit of our own: a chunked body has no Content-Length, and
    /// only Kestrel enforces the endpoint's.
    public static async Task<ReadOnlyMemory<byte>?> ReadAsync(HttpRequest request, long maxBody, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream(request.ContentLength is > 0 && request.ContentLength <= maxBody ? (int)request.ContentLength : 4096);
        var chunk = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
            {
                if (buffer.Length + read > maxBody)
                {
                    return null;
                }

                buffer.Write(chunk, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        return buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
    }

    /// A complete JSON value, checked without building a document.
    public static bool IsJson(ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty)
        {
            return false;
        }

        try
        {
            var reader = new Utf8JsonReader(body);
            while (reader.Read())
            {
            }

            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    public static ProblemHttpResult TooLarge(long maxBody)
        => TypedResults.Problem(title: "Request body too large", detail: $"Webhook bodies are limited to {maxBody} bytes.", statusCode: StatusCodes.Status413PayloadTooLarge);
}
