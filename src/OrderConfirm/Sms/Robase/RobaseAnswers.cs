using System.Globalization;
using Polly.Timeout;
using OrderConfirm.Toolkit;
using Refit;

namespace OrderConfirm.Sms.Robase;

/// How a Robase answer reads as an SMS outcome, for a single send and for a batch alike. The line that matters: an
/// answer that cannot rule out a stored message is Unknown, never NotSent, so the SMS does not fail over to a second
/// gateway and reach the customer twice.
internal static class RobaseAnswers
{
    /// Classifies one send's answer.
    public static SmsSendResult ClassifySend(IApiResponse<RobaseSms> response, RobaseAttempts attempts)
    {
        if (!response.HasRequestError(out _) && response.IsSuccessStatusCode)
        {
            if (response.Error is not null || response.Content is null)
            {
                return new SmsSendResult.Unknown($"HTTP {(int)(response.StatusCode ?? 0)} with a body that could not be read");
            }

            var replayHeader = response.Headers?.TryGetValues("Idempotent-Replayed", out var values) == true
                && values.Any(v => string.Equals(v, "true", StringComparison.OrdinalIgnoreCase));
            return Sent(response.Content, response.Content.Replayed == true, replayHeader);
        }

        return ClassifyFailure(response, attempts);
    }

    public static SmsSendResult ClassifyFailure(IApiResponse response, RobaseAttempts attempts)
    {
        if (response.HasRequestError(out var requestError))
        {
            if (attempts.NoneLeft)
            {
                return new SmsSendResult.NotSent(SmsRefusal.NotSent, "connection_failed");
            }

            return requestError.InnerException is TimeoutRejectedException or OperationCanceledException
                ? new SmsSendResult.Unknown($"no answer from Robase after {attempts.Count} attempts with the same idempotency key")
                : new SmsSendResult.Unknown($"the request failed, possibly after Robase read it ({HttpAnswers.Describe(requestError)})");
        }

        var code = (int)(response.StatusCode ?? 0);
        var type = RobaseErrors.TypeOf((response.Error as ApiException)?.Content);
        if (code >= 500)
        {
            // Robase may have queued the message and failed afterwards. Only a later attempt under the same key could
            // have shown that (with a replay), and after the last attempt there is none: an unknown outcome, so the
            // SMS never fails over to another gateway (with MaxRetries = 0 a single 5xx is exactly this).
            return new SmsSendResult.Unknown(attempts.AnyLost
                ? $"HTTP {code} after {attempts.Count} attempts, some of them unanswered"
                : $"HTTP {code} after {attempts.Count} attempts with the same idempotency key; the last may have been stored");
        }

        var refusal = RobaseErrors.RefusalFor(type) ?? code switch
        {
            401 or 403 => SmsRefusal.InvalidKey,
            402 => SmsRefusal.OutOfBalance,
            429 => SmsRefusal.RateLimited,
            400 or 404 or 405 or 409 or 413 or 415 or 422 => SmsRefusal.BadRequest,
            _ => (SmsRefusal?)null,
        };

        if (refusal is null)
        {
            return new SmsSendResult.Unknown($"HTTP {code}");
        }

        return new SmsSendResult.NotSent(refusal.Value, type ?? code.ToString(CultureInfo.InvariantCulture), refusal == SmsRefusal.RateLimited ? HttpAnswers.RetryAfter(response) : null);
    }

    public static SmsSendResult.Sent Sent(RobaseSms sms, bool replayed, bool replayHeader)
    {
        // test_mode rides on Status: a test key's "sent" reached no carrier, and the timeline should say so.
        var status = sms.TestMode == true ? $"{sms.Status ?? "accepted"} (test_mode)" : sms.Status;
        var unit = sms.Cost?.AmountKobo is null ? null : $"{sms.Cost.Currency ?? "?"} minor units";
        return new SmsSendResult.Sent(sms.Id, sms.Segments, sms.Cost?.AmountKobo, unit, status, replayed || replayHeader);
    }

    // SmsMessage.To is 92XXXXXXXXXX; Robase wants E.164.
    public static string E164(string to) => to.StartsWith('+') ? to : "+" + to;
}
