using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using OrderConfirm.RoboCall;

namespace OrderConfirm.Sandbox;

/// Robo Call Pakistan as its document describes it (docs/calls.md), served by the service to itself while the sandbox
/// is on: calls, get_call, check_balance and user_verify under RoboCall:BaseUrl, with the documented bodies and their
/// quirks (numbers as strings, the status inside a 200 body). Any non-empty api_key is an account with credit.
public static class RoboCallSimulator
{
    public const string Root = "/sandbox/robocall/api";

    public static void Map(IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup(Root).ExcludeFromDescription();
        api.MapGet("/calls", Dial);
        api.MapGet("/get_call", GetCall);
        api.MapGet("/check_balance", ([FromQuery(Name = "api_key")] string? apiKey) => string.IsNullOrWhiteSpace(apiKey)
            ? NotMatched(422)
            : Results.Json(new { status = 200, data = new { balance = "5000.00", username = "sandbox", call_rate = "5.50" } }));
        api.MapGet("/user_verify", ([FromQuery(Name = "api_key")] string? apiKey) => string.IsNullOrWhiteSpace(apiKey)
            ? NotMatched(200)
            : Results.Json(new { status = 200, response = "API matched" }));
    }

    // GET calls?api_key&caller_id&amount&voice_id&text1&text2: the call is queued and its id answered.
    private static IResult Dial(
        [FromQuery(Name = "api_key")] string? apiKey,
        [FromQuery(Name = "caller_id")] string? callerId,
        string? amount,
        [FromQuery(Name = "voice_id")] string? voiceId,
        TimeProvider clock)
    {
        if (string.IsNullOrWhiteSpace(apiKey))
        {
            return NotMatched(401);
        }

        if (string.IsNullOrWhiteSpace(voiceId) || callerId is not { Length: 12 } || !callerId.StartsWith("92", StringComparison.Ordinal) || !callerId.All(char.IsAsciiDigit))
        {
            return Results.Json(new { status = 400, response = "Bad Request - Invalid Parameters" }, statusCode: StatusCodes.Status400BadRequest);
        }

        var callId = SimulatedCalls.NewCallId(callerId, clock.GetUtcNow());
        return Results.Json(new
        {
            status = "200",
            message = "Call Data inserted successfully",
            data = new { call_id = callId, amount, voice_id = voiceId },
            api_response = "Ok 200",
        });
    }

    // GET get_call?api_key&call_id: where the call is now on its way through the statuses (SimulatedCalls).
    private static IResult GetCall(
        [FromQuery(Name = "api_key")] string? apiKey,
        [FromQuery(Name = "call_id")] string? callId,
        TimeProvider clock,
        IOptions<SandboxOptions> sandbox,
        IOptions<RoboCallOptions> roboCall)
    {
        if (string.IsNullOrWhiteSpace(apiKey))
        {
            return NotMatched(401);
        }

        if (callId is null || SimulatedCalls.StatusAt(callId, clock.GetUtcNow(), sandbox.Value.CallStep, roboCall.Value.CallRetries) is not { } now)
        {
            return Results.Json(new { status = 404, response = "Call not found" }, statusCode: StatusCodes.Status404NotFound);
        }

        return Results.Json(new
        {
            data = new { call_id = callId, call_status = now.Status, dtmf = now.Dtmf, retry = now.Retry, voice_id = "sandbox" },
            code = "200",
            response = "Code Executed Successfully",
        });
    }

    private static IResult NotMatched(int status)
        => Results.Json(new { status = status == 200 ? 401 : status, response = "API Key not matched" }, statusCode: status);
}
