using System.Globalization;
using OrderConfirm.IntegrationTests.Infrastructure;
using OrderConfirm.Sms;
using OrderConfirm.Sms.Robase;
using static OrderConfirm.IntegrationTests.Infrastructure.RobaseHosts;

namespace OrderConfirm.IntegrationTests.Sms;

/// What Robase offers beyond the one send (RobaseMessages: scheduled sends and cancelling them, status reads,
/// batches, templates), from a real host against RobaseStub. The service does not call them yet; these tests document
/// how Robase answers them.
[Collection(SharedInfrastructure.Name)]
public sealed class RobaseMessagesTests(RoboCallStub roboCall)
{
    [Fact]
    public async Task Scheduled_send_carries_send_at_and_can_be_cancelled_until_it_fires()
    {
        using var robase = new RobaseStub();
        await using var app = Start(roboCall, robase);
        var gateway = Gateway(app);
        var robaseMessages = Messages(app);
        var (phone, _) = RoboCallStub.NewPhone();
        var at = new DateTimeOffset(DateTime.UtcNow.AddDays(2).Date.AddHours(7), TimeSpan.Zero).ToOffset(TimeSpan.FromHours(5));

        var first = Assert.IsType<SmsSendResult.Sent>(await gateway.SendAsync(Live, Message(phone, "Tomorrow") with { SendAt = at }, CancellationToken.None));
        var second = Assert.IsType<SmsSendResult.Sent>(await gateway.SendAsync(Live, Message(phone, "Later") with { SendAt = at }, CancellationToken.None));

        Assert.Equal("scheduled", first.Status);
        Assert.Equal(at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture), robase.Sends("+" + phone)[0].Body!["send_at"]!.GetValue<string>());

        var cancelled = await robaseMessages.CancelAsync(Live, first.ProviderMessageId!, CancellationToken.None);
        Assert.Equal(RobaseCancelOutcome.Cancelled, cancelled.Outcome);
        Assert.Equal("cancelled", cancelled.Status);

        // send_at has passed for the second one: Robase answers 409 conflict, which for us means "already sent".
        robase.Fire(second.ProviderMessageId!);
        var late = await robaseMessages.CancelAsync(Live, second.ProviderMessageId!, CancellationToken.None);
        Assert.Equal(RobaseCancelOutcome.AlreadySent, late.Outcome);

        Assert.Equal(RobaseCancelOutcome.NotFound, (await robaseMessages.CancelAsync(Live, "no-such-id", CancellationToken.None)).Outcome);
    }

    [Fact]
    public async Task Status_read_returns_the_status_and_provider_attempts()
    {
        using var robase = new RobaseStub();
        await using var app = Start(roboCall, robase);
        var gateway = Gateway(app);
        var robaseMessages = Messages(app);
        var (phone, _) = RoboCallStub.NewPhone();
        var sent = Assert.IsType<SmsSendResult.Sent>(await gateway.SendAsync(Live, Message(phone, "Status?"), CancellationToken.None));

        var status = await robaseMessages.GetAsync(Live, sent.ProviderMessageId!, CancellationToken.None);

        Assert.True(status.Succeeded);
        Assert.Equal("queued", status.Status);
        Assert.Equal(2, status.ProviderAttempts.Count);
        Assert.Equal(("beem", false, "carrier_timeout"), (status.ProviderAttempts[0].Provider, status.ProviderAttempts[0].Ok, status.ProviderAttempts[0].ErrorCode));
        Assert.Equal(("termii", true, "tm-" + sent.ProviderMessageId), (status.ProviderAttempts[1].Provider, status.ProviderAttempts[1].Ok, status.ProviderAttempts[1].ProviderMessageId));
        var get = robase.Requests[^1];
        Assert.Equal(("GET", $"/v1/sms/{sent.ProviderMessageId}", $"Bearer {RobaseStub.LiveKey}"), (get.Method, get.Path, get.Authorization));

        var missing = await robaseMessages.GetAsync(Live, "no-such-id", CancellationToken.None);
        Assert.False(missing.Succeeded);
        Assert.True((await robaseMessages.GetAsync(new SmsCredentials(RevokedKey), sent.ProviderMessageId!, CancellationToken.None)).InvalidKey);
    }

    [Fact]
    public async Task Batch_reports_each_row_with_partial_failure_and_a_replayed_row()
    {
        using var robase = new RobaseStub();
        await using var app = Start(roboCall, robase);
        var gateway = Gateway(app);
        var robaseMessages = Messages(app);
        var (p1, _) = RoboCallStub.NewPhone();
        var (p2, _) = RoboCallStub.NewPhone();
        var earlier = Message(p2, "Already sent alone");
        var single = Assert.IsType<SmsSendResult.Sent>(await gateway.SendAsync(Live, earlier, CancellationToken.None));
        RobaseBatchRow[] rows =
        [
            new(p1, "Batch one", $"batch-{Guid.NewGuid():N}"),
            new("92300", "Bad number", $"batch-{Guid.NewGuid():N}"),
            new(p2, "Already sent alone", earlier.IdempotencyKey),
        ];

        var results = await robaseMessages.SendBatchAsync(Live, "OrderConf", rows, CancellationToken.None);

        Assert.Equal(3, results.Count);
        var first = Assert.IsType<SmsSendResult.Sent>(results[0]);
        Assert.False(first.Replayed);
        var refused = Assert.IsType<SmsSendResult.NotSent>(results[1]);
        Assert.Equal((SmsRefusal.InvalidNumber, "phone_invalid"), (refused.Refusal, refused.Code));
        var replayed = Assert.IsType<SmsSendResult.Sent>(results[2]);
        Assert.True(replayed.Replayed);
        Assert.Equal(single.ProviderMessageId, replayed.ProviderMessageId);

        var batch = Assert.Single(robase.Requests, r => r.Path == "/v1/sms/batch");
        Assert.Equal($"Bearer {RobaseStub.LiveKey}", batch.Authorization);
        Assert.Equal("OrderConf", batch.Body!["from"]!.GetValue<string>());
        var messages = batch.Body["messages"]!.AsArray();
        Assert.Equal(["+" + p1, "+92300", "+" + p2], messages.Select(m => m!["to"]!.GetValue<string>()));
        Assert.Equal(rows.Select(r => r.IdempotencyKey), messages.Select(m => m!["idempotency_key"]!.GetValue<string>()));
        Assert.Equal(1, robase.Created("+" + p2));
    }

    [Fact]
    public async Task Batch_of_more_than_1000_rows_is_refused_without_a_request()
    {
        using var robase = new RobaseStub();
        await using var app = Start(roboCall, robase);
        var (phone, _) = RoboCallStub.NewPhone();
        var rows = Enumerable.Range(0, 1001).Select(i => new RobaseBatchRow(phone, "Hi", $"big-{i}")).ToList();

        var results = await Messages(app).SendBatchAsync(Live, "OrderConf", rows, CancellationToken.None);

        Assert.Equal(1001, results.Count);
        Assert.All(results, r => Assert.Equal(SmsRefusal.BadRequest, Assert.IsType<SmsSendResult.NotSent>(r).Refusal));
        Assert.DoesNotContain(robase.Requests, r => r.Path == "/v1/sms/batch");
    }

    [Fact]
    public async Task Test_key_sends_in_test_mode_and_templates_send_slug_and_variables()
    {
        using var robase = new RobaseStub();
        await using var app = Start(roboCall, robase);
        var gateway = Gateway(app);
        var robaseMessages = Messages(app);
        var (phone, _) = RoboCallStub.NewPhone();

        var test = Assert.IsType<SmsSendResult.Sent>(await gateway.SendAsync(new SmsCredentials(RobaseStub.TestKey), Message(phone, "Test"), CancellationToken.None));
        Assert.Equal("queued (test_mode)", test.Status);
        Assert.Equal($"Bearer {RobaseStub.TestKey}", robase.Sends("+" + phone)[0].Authorization);

        var template = new RobaseTemplate("order-confirmed", new Dictionary<string, object> { ["order"] = "1001", ["eta"] = 3 });
        Assert.IsType<SmsSendResult.Sent>(await robaseMessages.SendTemplateAsync(Live, Message(phone, "ignored"), template, CancellationToken.None));
        var body = robase.Sends("+" + phone)[1].Body!;
        Assert.Equal("order-confirmed", body["template"]!.GetValue<string>());
        Assert.Equal("1001", body["variables"]!["order"]!.GetValue<string>());
        Assert.Equal(3, body["variables"]!["eta"]!.GetValue<int>());
        Assert.False(body.ContainsKey("body"));
    }
}
