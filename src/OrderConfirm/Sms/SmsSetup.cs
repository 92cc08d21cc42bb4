using OrderConfirm.Stores;
using OrderConfirm.Toolkit;
using OrderConfirm.Sms.RoboSmsPk;
using OrderConfirm.Verification;

namespace OrderConfirm.Sms;

public static class SmsSetup
{
    // Each gateway registers its Refit client, and its ISmsGateway under its provider name; SmsGateways looks one up.
    public static IHostApplicationBuilder AddSms(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<SmsOptions>()
            .BindConfiguration(SmsOptions.Section)
            .ValidateDataAnnotationsNamingKeys(SmsOptions.Section)
            .ValidateOnStart();
        builder.Services.AddSingleton<SmsGateways>();
        builder.Services.AddSingleton<SmsPauses>();
        builder.Services.AddStoreSettingsRules<SmsSettingsRules>();
        builder.Services.AddSingleton<SmsDue>();
        builder.Services.AddSingleton<SmsMessageRepository>();
        builder.Services.AddSingleton<SmsCosts>();
        builder.Services.AddScoped<SmsRenderer>();
        builder.Services.AddScoped<SmsSender>();
        builder.Services.AddScoped<SendSmsJob>();
        builder.Services.AddScoped<SmsBatchSender>();
        builder.Services.AddSingleton<SmsScheduledSends>();
        builder.Services.AddScoped<SmsScheduler>();
        builder.Services.AddScoped<SmsFallbackCanceller>();
        builder.Services.AddSingleton<SmsDispatcher>();
        builder.Services.AddRetentionPruner<SmsLedgerPruner>();
        builder.AddRoboSmsPk();
        builder.AddRobase();
        builder.AddRoboSmsCom();
        builder.Services.AddRecurringJob<SendDueSmsJob>("send-due-sms", VerificationSetup.SweeperCronKey, VerificationSetup.SweeperCron, j => j.RunAsync(CancellationToken.None));
        builder.Services.AddRecurringJob<SmsSweepJob>("sms-sweeper", VerificationSetup.SweeperCronKey, VerificationSetup.SweeperCron, j => j.RunAsync(CancellationToken.None));
        return builder;
    }
}
