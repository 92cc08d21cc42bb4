using System.Text;
using WireMock;
using WireMock.Types;
using WireMock.Util;

namespace OrderConfirm.IntegrationTests.Infrastructure;

/// Answers built inside WireMock response callbacks (stubs whose answer depends on the request or on chance).
public static class WireMockResponses
{
    public static ResponseMessage Json(int status, string body, string? retryAfter = null)
    {
        var response = new ResponseMessage
        {
            StatusCode = status,
            BodyData = new BodyData { BodyAsString = body, DetectedBodyType = BodyType.String, Encoding = Encoding.UTF8 },
        };
        response.AddHeader("Content-Type", "application/json");
        if (retryAfter is not null)
        {
            response.AddHeader("Retry-After", retryAfter);
        }

        return response;
    }
}
