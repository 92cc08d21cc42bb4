using Hangfire;
using Microsoft.Extensions.Options;
using OrderConfirm.Shopify;
using OrderConfirm.Sms;
using OrderConfirm.Stores;
using OrderConfirm.Verification;
using OrderConfirm.WooCommerce;

namespace OrderConfirm.Hosting;

// Registers the recurring jobs by stable id at every start (idempotent), so a lost in-memory queue gets them back.
public sealed class RecurringJobsRegistration(IRecurringJobManager recurringJobs, IOptions<JobsOptions> options, IOptions<BalanceOptions> balances) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var jobs = options.Value;
        recurringJobs.AddOrUpdate<PollCallsJob>("poll-calls", "default", j => j.RunAsync(CancellationToken.None), jobs.PollCallsCron);
        recurringJobs.AddOrUpdate<SweeperJob>("sweeper", "default", j => j.RunAsync(CancellationToken.None), jobs.SweeperCron);
        recurringJobs.AddOrUpdate<SmsSweepJob>("sms-sweeper", "default", j => j.RunAsync(CancellationToken.None), jobs.SweeperCron);
        recurringJobs.AddOrUpdate<PersonalDataRetentionJob>("erase-personal-data", "default", j => j.RunAsync(CancellationToken.None), jobs.RetentionCron);
        recurringJobs.AddOrUpdate<ReconcileOrdersJob>("reconcile-shopify-orders", "default", j => j.RunAsync(CancellationToken.None), jobs.ReconcileCron);
        recurringJobs.AddOrUpdate<ReconcileWooCommerceOrdersJob>("reconcile-woocommerce-orders", "default", j => j.RunAsync(CancellationToken.None), jobs.ReconcileCron);
        recurringJobs.AddOrUpdate<EnsureWebhooksJob>("ensure-shopify-webhooks", "default", j => j.RunAsync(CancellationToken.None), jobs.EnsureWebhooksCron);
        recurringJobs.AddOrUpdate<EnsureWooCommerceWebhooksJob>("ensure-woocommerce-webhooks", "default", j => j.RunAsync(CancellationToken.None), jobs.EnsureWebhooksCron);
        recurringJobs.AddOrUpdate<CheckBalancesJob>("check-balances", "default", j => j.RunAsync(CancellationToken.None), balances.Value.Cron);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
