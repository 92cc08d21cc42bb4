using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Options;

namespace OrderConfirm.Toolkit;

/// Before an endpoint reads its JSON body: a missing or wrong Content-Type, an empty body, malformed JSON (with its line
/// and position) and every unknown field or value of the wrong kind become one problem a person can act on, instead of
/// the framework's bare 415 or "Implicit body inferred …", and instead of a typo silently dropped.
public sealed class JsonBodyCheck(RequestDelegate next, IOptions<JsonOptions> json, IEnumerable<IJsonObjectFields> openObjects)
{
    private readonly JsonBodyShape _shape = new(json.Value.SerializerOptions, openObjects);

    public async Task InvokeAsync(HttpContext context)
    {
        var accepts = context.GetEndpoint()?.Metadata.GetMetadata<IAcceptsMetadata>();
        if (accepts?.RequestType is not { } bodyType || !accepts.ContentTypes.Any(c => c.Contains("json", StringComparison.OrdinalIgnoreCase)))
        {
            await next(context);
            return;
        }

        if (await ProblemAsync(context, bodyType, accepts.IsOptional) is { } problem)
        {
            await problem.ExecuteAsync(context);
            return;
        }

        await next(context);
    }

    private async Task<IResult?> ProblemAsync(HttpContext context, Type bodyType, bool optional)
    {
        var request = context.Request;
        var hasBody = request.ContentLength is > 0 || (request.ContentLength is null && request.Headers.TransferEncoding.Count > 0);
        if (!hasBody)
        {
            return optional ? null : Problem(
                StatusCodes.Status400BadRequest,
                "The request body is empty",
                "This endpoint reads a JSON object: send one with the header Content-Type: application/json (see docs/api.md).");
        }

        if (!request.HasJsonContentType())
        {
            return Problem(
                StatusCodes.Status415UnsupportedMediaType,
                "The body must be JSON",
                request.ContentType is { Length: > 0 } type
                    ? $"The body was sent as '{type}'; send it as JSON with the header Content-Type: application/json."
                    : "The request has no Content-Type header; send the JSON body with Content-Type: application/json.");
        }

        request.EnableBuffering();
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(request.Body, default, context.RequestAborted);
        }
        catch (JsonException e)
        {
            var where = e.LineNumber is { } line ? $" at line {line + 1}, position {(e.BytePositionInLine ?? 0) + 1}" : "";
            return Problem(
                StatusCodes.Status400BadRequest,
                "The request body is not valid JSON",
                $"The body is not valid JSON{where}: {FirstSentence(e.Message)}",
                new Dictionary<string, object?> { ["line"] = e.LineNumber + 1, ["position"] = e.BytePositionInLine + 1 });
        }
        finally
        {
            request.Body.Position = 0;
        }

        using (document)
        {
            var errors = _shape.Check(document.RootElement, bodyType);
            return errors.Count == 0 ? null : TypedResults.ValidationProblem(errors, title: "The request body does not fit this endpoint", detail: Summary(errors));
        }
    }

    // The fields in the detail too, for a reader who looks no further.
    private static string Summary(Dictionary<string, string[]> errors)
        => errors.Count == 1
            ? $"{errors.Keys.First()}: {errors.Values.First()[0]}"
            : $"{errors.Count} fields are unknown here or hold a value of the wrong kind: {string.Join(", ", errors.Keys)}.";

    // System.Text.Json ends its reader messages with its own "LineNumber: 0 | BytePositionInLine: 5." already said above.
    private static string FirstSentence(string message)
        => message.Split(" Path: ", 2)[0].Split(" LineNumber:", 2)[0].Trim();

    private static ProblemHttpResult Problem(int status, string title, string detail, Dictionary<string, object?>? extensions = null)
        => TypedResults.Problem(title: title, detail: detail, statusCode: status, extensions: extensions);
}
