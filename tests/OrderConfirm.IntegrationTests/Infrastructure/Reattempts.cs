using System.Text.Json.Nodes;

namespace OrderConfirm.IntegrationTests.Infrastructure;

/// A call nobody answers, then one answered with a key: the two dials of a re-attempt, and the wait in between.
public static class Reattempts
{
    /// The first dial is accepted and ends unanswered after Robo Call's own retries.
    public static void FirstCallUnanswered(this RoboCallStub roboCall, string phone)
    {
        var callId = RoboCallStub.CallId(phone);
        roboCall.AcceptCall(phone, callId);
        roboCall.CallStatuses(callId, (5, null, 3));
    }

    /// From now on a dial of this phone gets a new call, answered with the key.
    public static string SecondCallAnswered(this RoboCallStub roboCall, string phone, int dtmf)
    {
        var callId = RoboCallStub.CallId(phone) + "b";
        roboCall.ForgetCalls(phone);
        roboCall.AcceptCall(phone, callId);
        roboCall.CallStatuses(callId, (2, dtmf, 0));
        return callId;
    }

    /// The verification once it has reached this attempt (waiting for it or dialling it).
    public static async Task<JsonObject> WaitForAttemptAsync(this HttpClient admin, long id, int attempt)
    {
        JsonObject? found = null;
        await EngineDriver.UntilAsync(
            async () =>
            {
                found = await admin.GetVerificationAsync(id);
                return found["attempt"]!.GetValue<int>() >= attempt;
            },
            TimeSpan.FromSeconds(30));
        return found!;
    }
}
