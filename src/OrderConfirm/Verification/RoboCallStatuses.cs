namespace OrderConfirm.Verification;

// Robo Call's call_status / dtmf pairs → our outcome. Statuses 3–6 are only final once Robo Call's own retries are
// used up (its "retry" counter reaches the configured number); 1 and 8 are still in progress.
public static class RoboCallStatuses
{
    public const int Initiated = 1;
    public const int Answered = 2;
    public const int Congestion = 3;
    public const int Busy = 4;
    public const int NoAnswer = 5;
    public const int Hangup = 6;
    public const int PushedToSip = 8;

    // The final public status, or null while the call is still in progress.
    public static string? Map(int callStatus, int? dtmf, int? retry, int callRetries) => callStatus switch
    {
        Answered => dtmf switch
        {
            1 => VerificationStatus.Confirmed,
            2 => VerificationStatus.Cancelled,
            3 => VerificationStatus.Callback,
            _ => VerificationStatus.NoInput,
        },
        Congestion or Busy or NoAnswer or Hangup when retry >= callRetries => VerificationStatus.Unreachable,
        _ => null,
    };

    public static string Describe(int callStatus) => callStatus switch
    {
        Initiated => "initiated",
        Answered => "answered",
        Congestion => "congestion",
        Busy => "busy",
        NoAnswer => "no answer",
        Hangup => "hung up",
        PushedToSip => "pushed to SIP",
        _ => $"status {callStatus}",
    };
}
