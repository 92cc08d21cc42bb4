using Hangfire;
using Hangfire.AspNetCore;
using Hangfire.InMemory;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Microsoft.Extensions.Options;
using OrderConfirm.Toolkit;
using OrderConfirm.Storage;

namespace OrderConfirm.Hosting;

public static class JobsSetup
{
    public static IHostApplicationBuilder AddJobs(this IHostApplicationBuilder builder, Roles roles)
    {
        builder.Services.AddOptions<JobsOptions>()
            .BindConfiguration(JobsOptions.Section)
            .ValidateDataAnnotationsNamingKeys(JobsOptions.Section)
            .ValidateOnStart();

        // Our own JobStorage instance per host (registered before AddHangfire, whose TryAdd then keeps it) rather than
        // the process-wide JobStorage.Current: two hosts in one process (tests) must not share or swap storages.
        builder.Services.AddSingleton<JobStorage>(services =>
        {
            // Hangfire's log provider is process-wide; storages capture it when built, so point it at this host first.
            GlobalConfiguration.Configuration.UseLogProvider(new AspNetCoreLogProvider(services.GetRequiredService<ILoggerFactory>()));
            var database = services.GetRequiredService<Database>();
            var jobs = services.GetRequiredService<IOptions<JobsOptions>>().Value;
            if (database.Kind == DatabaseKind.PostgreSql)
            {
                var options = new PostgreSqlStorageOptions
                {
                    SchemaName = services.GetRequiredService<IOptions<StorageOptions>>().Value.HangfireSchema,
                    PrepareSchemaIfNecessary = false, // SchemaMigrator installs it under our advisory lock
                    QueuePollInterval = jobs.QueuePollInterval,
                    UseSlidingInvisibilityTimeout = true,
                };
                return new PostgreSqlStorage(new NpgsqlConnectionFactory(database.PostgresConnectionString!, options), options);
            }

            // Guid ids: the in-memory queue numbers jobs from 1 again after a restart, and a job id saved on a row before
            // the restart must never name an unrelated new job.
            return new InMemoryStorage(new InMemoryStorageOptions { MaxExpirationTime = TimeSpan.FromHours(6), IdType = InMemoryStorageIdType.Guid });
        });

        builder.Services.AddHangfire((services, configuration) => configuration
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UseStorage(services.GetRequiredService<JobStorage>()));

        // Hangfire's filters are process-wide: added once, whatever the number of hosts in the process (tests).
        lock (GlobalJobFilters.Filters)
        {
            if (!GlobalJobFilters.Filters.Any(f => f.Instance is JobSpans))
            {
                GlobalJobFilters.Filters.Add(new JobSpans());
            }
        }

        if (roles.Worker)
        {
            builder.Services.AddHangfireServer((services, server) =>
            {
                var jobs = services.GetRequiredService<IOptions<JobsOptions>>().Value;
                server.WorkerCount = jobs.WorkerCount;
                server.Queues = ["calls", "default"];
                server.SchedulePollingInterval = jobs.SchedulePollingInterval;
            });
        }

        builder.Services.AddHostedService<RecurringJobsRegistration>();
        return builder;
    }
}
