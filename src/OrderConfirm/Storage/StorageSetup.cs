using OrderConfirm.Toolkit;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Options;
using OrderConfirm.Security;

namespace OrderConfirm.Storage;

public static class StorageSetup
{
    public static IHostApplicationBuilder AddStorage(this IHostApplicationBuilder builder)
    {
        Dapper.DefaultTypeMap.MatchNamesWithUnderscores = true;

        builder.Services.AddOptions<StorageOptions>()
            .BindConfiguration(StorageOptions.Section)
            .ValidateDataAnnotationsNamingKeys(StorageOptions.Section)
            .ValidateOnStart();

        builder.Services.AddSingleton(services => Database.Create(
            services.GetRequiredService<IConfiguration>().GetConnectionString("OrderConfirm"),
            ResolvePath(services)));
        builder.Services.AddSingleton<SchemaMigrator>();
        // Registered before the Hangfire server and the recurring jobs so the schema exists when they start.
        builder.Services.AddHostedService<MigrationHostedService>();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", tags: ["ready"]);
        builder.Services.AddDataProtection().SetApplicationName("OrderConfirm");
        builder.Services.AddSingleton<DatabaseXmlRepository>();
        builder.Services.AddOptions<KeyManagementOptions>()
            .Configure<DatabaseXmlRepository, SecretProtector>((options, repository, protector) =>
            {
                options.XmlRepository = repository;
                options.XmlEncryptor = new DataProtectionKeyEncryptor(protector);
            });
        return builder;
    }

    private static string ResolvePath(IServiceProvider services)
    {
        var path = services.GetRequiredService<IOptions<StorageOptions>>().Value.SqlitePath;
        return Path.IsPathRooted(path) ? path : Path.Combine(services.GetRequiredService<IHostEnvironment>().ContentRootPath, path);
    }
}
