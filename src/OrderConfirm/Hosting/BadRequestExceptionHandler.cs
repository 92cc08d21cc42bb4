using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;

namespace OrderConfirm.Hosting;

// Malformed JSON or a value of the wrong type becomes a 400 problem that names the field ($.amount), instead of
// the framework's bare 400.
public sealed class BadRequestExceptionHandler(IProblemDetailsService problemDetails) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException badRequest)
        {
            return false;
        }

        var json = FindJsonException(badRequest);
        var field = json?.Path is { Length: > 2 } path ? path.TrimStart('$', '.') : null;
        httpContext.Response.StatusCode = badRequest.StatusCode;
        var detail = field is not null
            ? $"The value of '{field}' is not valid."
            : json is not null ? "The request body is not valid JSON." : badRequest.Message;
        var problem = new Microsoft.AspNetCore.Mvc.ProblemDetails
        {
            Status = badRequest.StatusCode,
            Title = badRequest.StatusCode == StatusCodes.Status413PayloadTooLarge ? "Request body too large" : "Bad request",
            Detail = detail,
        };
        if (field is not null)
        {
            problem.Extensions["errors"] = new Dictionary<string, string[]> { [field] = [detail] };
        }

        return await problemDetails.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
    }

    private static JsonException? FindJsonException(Exception exception)
    {
        for (var current = exception.InnerException; current is not null; current = current.InnerException)
        {
            if (current is JsonException json)
            {
                return json;
            }
        }

        return null;
    }
}
