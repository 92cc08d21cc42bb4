using Microsoft.AspNetCore.Http.Metadata;

namespace OrderConfirm.Toolkit;

/// Endpoint metadata that Kestrel enforces as the request body limit (413 beyond it).
public sealed class RequestSizeLimit(long limit) : IRequestSizeLimitMetadata
{
    public long? MaxRequestBodySize => limit;
}
