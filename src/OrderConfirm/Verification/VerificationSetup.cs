using OrderConfirm.Stores;
using OrderConfirm.Toolkit;
using OrderConfirm.Telemetry;

namespace OrderConfirm.Verification;

public static class VerificationSetup
{
    // The sweepers (this one and the SMS sweeper) share one schedule.
    public const string SweeperCronKey = "Jobs:SweeperCron";
    public const string SweeperCron = "* * * * *";

    public static IHostApplicationBuilder AddVerification(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<VerificationOptions>()
            .BindConfiguration(VerificationOptions.Section)
            .ValidateOnStart();
        builder.Services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<VerificationOptions>, VerificationOptionsValidator>();

        builder.Services.AddSingleton<CallPolicyResolver>();
        builder.Services.AddSingleton<StoreZones>();
        builder.Services.AddStoreSettingsRules<CallSettingsRules>();
        builder.Services.AddSingleton<VerificationRepository>();
        builder.Services.AddSingleton<IGaugeSource, QueueDepthGauges>();
        builder.Services.AddSingleton<VerificationLabels>();
        builder.Services.AddSingleton<WriteBackTurns>();
        builder.Services.AddScoped<CallTimes>();
        builder.Services.AddScoped<JobDispatcher>();
        builder.Services.AddSingleton<DueStepSignals>();
        builder.Services.AddSingleton<DueStepRunner>();
        builder.Services.AddScoped<CallPreparation>();
        builder.Services.AddScoped<VerificationIntake>();
        builder.Services.AddScoped<VerificationActions>();
        builder.Services.AddSingleton<OrderDifferences>();
        builder.Services.AddRecurringJob<PollCallsJob>("poll-calls", "Jobs:PollCallsCron", "*/15 * * * * *", j => j.RunAsync(CancellationToken.None));
        builder.Services.AddRecurringJob<DialDueCallsJob>("dial-due-calls", SweeperCronKey, SweeperCron, j => j.RunAsync(CancellationToken.None));
        builder.Services.AddRecurringJob<WriteBackDueOutcomesJob>("write-back-due-outcomes", SweeperCronKey, SweeperCron, j => j.RunAsync(CancellationToken.None));
        builder.Services.AddRecurringJob<SweeperJob>("sweeper", SweeperCronKey, SweeperCron, j => j.RunAsync(CancellationToken.None));
        builder.Services.AddRecurringJob<PersonalDataRetentionJob>("erase-personal-data", "Jobs:RetentionCron", "41 * * * *", j => j.RunAsync(CancellationToken.None));
        builder.Services.AddRetentionPruner<TimelinePruner>();
        builder.Services.AddScoped<PruneFinishedVerificationsJob>();
        builder.Services.AddRecurringJob<PruneFinishedVerificationsJob>("prune-finished-verifications", "Jobs:PruneFinishedCron", "29 * * * *", j => j.RunAsync(CancellationToken.None));
        return builder;
    }
}
