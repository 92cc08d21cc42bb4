using System.Text.Json;
using Microsoft.Extensions.Options;
using OrderConfirm.Toolkit;
using Refit;

namespace OrderConfirm.Sms.Robase;

/// What Robase offers beyond the one send: a template send, a batch (used by SmsBatchSender for the SMS due together),
/// cancelling a scheduled send (used by SmsFallbackCanceller) and a status read (not used yet). RobaseMessagesTests
/// document how Robase answers each. A template send goes through the gateway's own send path.
public sealed partial class RobaseMessages(RobaseGateway gateway, IOptions<RobaseOptions> options, ILogger<RobaseMessages> logger)
{
    public const int MaxBatchRows = 1000;

    /// A send rendered by Robase from a registered template (message.Text is not sent).
    public Task<SmsSendResult> SendTemplateAsync(SmsCredentials credentials, SmsMessage message, RobaseTemplate template, CancellationToken cancellationToken)
        => gateway.SendAsync(credentials, message, template, cancellationToken);

    public async Task<IReadOnlyList<SmsSendResult>> SendBatchAsync(SmsCredentials credentials, string? from, IReadOnlyList<RobaseBatchRow> rows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0)
        {
            return [];
        }

        if (rows.Count > MaxBatchRows)
        {
            // Robase rejects the whole request above its documented maximum; refusing here costs no round trip.
            return Same(rows.Count, new SmsSendResult.NotSent(SmsRefusal.BadRequest, "batch_too_large"));
        }

        var settings = options.Value;
        var request = new RobaseBatchRequest(from, rows.Select(r => new RobaseBatchMessage(RobaseAnswers.E164(r.To), r.Body, r.IdempotencyKey)).ToList(), settings.Country);
        var attempts = new RobaseAttempts();
        IApiResponse<RobaseBatchResponse> response;
        try
        {
            response = await gateway.Api().SendBatchAsync(credentials.ApiKey, request, attempts, cancellationToken);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Same(rows.Count, new SmsSendResult.Unknown("no answer from Robase within the timeout"));
        }

        var status = (int)(response.StatusCode ?? 0);
        if (response.HasRequestError(out _) || !response.IsSuccessStatusCode || response.Content is null)
        {
            // The whole batch failed the way one send would: every row gets that outcome.
            var whole = RobaseAnswers.ClassifyFailure(response, attempts);
            LogBatch(logger, status, rows.Count, 0, whole);
            return Same(rows.Count, whole);
        }

        var results = new SmsSendResult[rows.Count];
        foreach (var row in response.Content.Data ?? [])
        {
            if (row.Index < 0 || row.Index >= rows.Count)
            {
                continue;
            }

            if (row.Sms is { } sms && (row.Error is null || row.Error.Value.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined))
            {
                results[row.Index] = RobaseAnswers.Sent(sms, row.Replayed == true, replayHeader: false);
            }
            else
            {
                // A row Robase reported as failed in a 200 answer is a definite refusal of that row alone.
                var type = row.Error is { } error ? RobaseErrors.TypeOf(error) : null;
                results[row.Index] = new SmsSendResult.NotSent(RobaseErrors.RefusalFor(type) ?? SmsRefusal.BadRequest, type ?? "row_failed");
            }
        }

        for (var i = 0; i < results.Length; i++)
        {
            // A row missing from the answer may or may not have been taken.
            results[i] ??= new SmsSendResult.Unknown("the batch answer has no row for this message");
        }

        var sent = results.Count(r => r is SmsSendResult.Sent);
        LogBatch(logger, status, rows.Count, sent, null);
        return results;
    }

    public async Task<RobaseStatusResult> GetAsync(SmsCredentials credentials, string id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        IApiResponse<RobaseSms> response;
        try
        {
            response = await gateway.Api().GetAsync(credentials.ApiKey, id, cancellationToken);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new RobaseStatusResult(false, null, [], "timed out");
        }

        if (response.HasRequestError(out var requestError))
        {
            return new RobaseStatusResult(false, null, [], HttpAnswers.Describe(requestError));
        }

        var code = (int)(response.StatusCode ?? 0);
        return code switch
        {
            >= 200 and < 300 when response.Content is { } sms => new RobaseStatusResult(
                true,
                sms.Status,
                (sms.ProviderAttempts ?? []).Select(a => new RobaseProviderAttempt(a.Provider, a.AttemptedAt, a.Ok, a.ProviderMessageId, a.ErrorCode)).ToList(),
                "ok"),
            401 or 403 => new RobaseStatusResult(false, null, [], $"HTTP {code}", InvalidKey: true),
            404 => new RobaseStatusResult(false, null, [], "Robase does not know this message id"),
            _ => new RobaseStatusResult(false, null, [], $"HTTP {code}"),
        };
    }

    public async Task<RobaseCancelResult> CancelAsync(SmsCredentials credentials, string id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        IApiResponse<RobaseSms> response;
        try
        {
            response = await gateway.Api().CancelAsync(credentials.ApiKey, id, cancellationToken);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new RobaseCancelResult(RobaseCancelOutcome.Failed, null, "timed out");
        }

        if (response.HasRequestError(out var requestError))
        {
            return new RobaseCancelResult(RobaseCancelOutcome.Failed, null, HttpAnswers.Describe(requestError));
        }

        var code = (int)(response.StatusCode ?? 0);
        return code switch
        {
            >= 200 and < 300 => new RobaseCancelResult(RobaseCancelOutcome.Cancelled, response.Content?.Status ?? "cancelled", "cancelled"),

            // Documented: once send_at has passed the cancel is a no-op answered with conflict. The SMS went out as
            // planned; for us that is a fact to record, not a failure.
            409 => new RobaseCancelResult(RobaseCancelOutcome.AlreadySent, null, "already sent: send_at has passed"),
            401 or 403 => new RobaseCancelResult(RobaseCancelOutcome.InvalidKey, null, $"HTTP {code}"),
            404 => new RobaseCancelResult(RobaseCancelOutcome.NotFound, null, "Robase does not know this message id"),
            _ => new RobaseCancelResult(RobaseCancelOutcome.Failed, null, $"HTTP {code}"),
        };
    }

    private static SmsSendResult[] Same(int count, SmsSendResult result) => Enumerable.Repeat(result, count).ToArray();

    [LoggerMessage(Level = LogLevel.Information, Message = "Robase batch of {Rows} answered HTTP {StatusCode}: {Sent} sent, whole-batch outcome {Whole}")]
    private static partial void LogBatch(ILogger logger, int statusCode, int rows, int sent, SmsSendResult? whole);
}
