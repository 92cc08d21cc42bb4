using Hangfire;
using Hangfire.Storage;
using Microsoft.Extensions.DependencyInjection;
using OrderConfirm.IntegrationTests.Infrastructure;

namespace OrderConfirm.IntegrationTests.Hosting;

/// Each feature registers its own recurring jobs; at start every one of them is in Hangfire under its stable id, with
/// the schedule its key sets (or its default).
[Collection(SharedInfrastructure.Name)]
public sealed class RecurringJobsTests(PostgresCluster postgres, RoboCallStub roboCall)
{
    [Fact]
    public async Task Every_feature_recurring_job_is_registered_with_its_schedule()
    {
        await using var app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall, new Dictionary<string, string?> { ["Jobs:ReconcileCron"] = "7 * * * *" });
        using var connection = app.Services.GetRequiredService<JobStorage>().GetConnection();

        var jobs = connection.GetRecurringJobs().ToDictionary(j => j.Id, j => j.Cron, StringComparer.Ordinal);

        Assert.Equal(
            ["check-balances", "dial-due-calls", "ensure-shopify-webhooks", "ensure-woocommerce-webhooks", "erase-personal-data", "poll-calls", "prune-finished-verifications", "prune-webhook-deliveries", "reconcile-shopify-orders", "reconcile-woocommerce-orders", "result-webhooks-sweep", "send-due-sms", "sms-sweeper", "sweeper", "write-back-due-outcomes"],
            jobs.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("7 * * * *", jobs["reconcile-shopify-orders"]);
        Assert.Equal("7 * * * *", jobs["reconcile-woocommerce-orders"]);
        Assert.Equal("0 0 1 1 *", jobs["check-balances"]); // the test host's Balances:Cron
        Assert.Equal("41 * * * *", jobs["erase-personal-data"]); // Jobs:RetentionCron is not set: its default
        Assert.Equal("29 * * * *", jobs["prune-finished-verifications"]); // Jobs:PruneFinishedCron is not set: its default
        Assert.Equal("* * * * * *", jobs["poll-calls"]); // the test host's Jobs:PollCallsCron
        Assert.Equal("*/15 * * * * *", jobs["result-webhooks-sweep"]); // Jobs:ResultWebhooksCron is not set: its default
    }
}
