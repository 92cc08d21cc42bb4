namespace OrderConfirm.Verification;

public static class VerificationSetup
{
    public static IHostApplicationBuilder AddVerification(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<VerificationOptions>()
            .BindConfiguration(VerificationOptions.Section)
            .ValidateOnStart();
        builder.Services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<VerificationOptions>, VerificationOptionsValidator>();

        builder.Services.AddSingleton<CallPolicies>();
        builder.Services.AddSingleton<VerificationRepository>();
        builder.Services.AddSingleton<VerificationLabels>();
        builder.Services.AddSingleton<WriteBackTurns>();
        builder.Services.AddSingleton<SweeperCursor>();
        builder.Services.AddScoped<CallTimes>();
        builder.Services.AddScoped<JobDispatcher>();
        builder.Services.AddScoped<CallPreparation>();
        builder.Services.AddScoped<VerificationIntake>();
        builder.Services.AddSingleton<IOrderWriteBack, CustomStoreWriteBack>();
        return builder;
    }
}
