using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using OrderConfirm.IntegrationTests.Infrastructure;

namespace OrderConfirm.IntegrationTests.Security;

/// Credentials and customer phones never leave the service: not in API answers, not in the database in clear,
/// not in any log line, not as Hangfire job arguments (which the dashboard shows).
[Collection(SharedInfrastructure.Name)]
public sealed class SecretsTests(PostgresCluster postgres, RoboCallStub roboCall)
{
    private const string AccessToken = "shpat_5ecret0a1b2c3d4e5f";
    private const string WebhookSecret = "whsec_topsecret_9z8y7x";
    private const string StoreRoboKey = "rc-store-key-d41d8cd9";

    [Fact]
    public async Task Secrets_and_phones_stay_out_of_responses_storage_logs_and_job_arguments()
    {
        var database = await postgres.CreateDatabaseAsync();
        await using var app = OrderConfirmApp.Start(database, roboCall);
        using var client = app.AdminClient();
        var (phone, typed) = RoboCallStub.NewPhone();
        var callId = Guid.NewGuid().ToString("N");
        roboCall.AcceptCall(phone, callId);
        roboCall.CallStatuses(callId, (1, null, 0), (2, 1, 0));
        roboCall.RegisterKey(StoreRoboKey);

        var created = await client.PostAsJsonAsync("/api/stores", new
        {
            name = "Karachi Kurta",
            platform = "shopify",
            shopDomain = "karachi-kurta.myshopify.com",
            accessToken = AccessToken,
            webhookSecret = WebhookSecret,
            roboCall = new { apiKey = StoreRoboKey, voiceId = "49" },
        });
        var storeJson = await created.Content.ReadAsStringAsync();
        var storeId = JsonNode.Parse(storeJson)!["id"]!.GetValue<long>();
        // A custom store shares the default key; the Shopify one uses its own.
        var customId = await client.CreateCustomStoreAsync("Lahore Lawn");
        var id = await client.SubmitOrderAsync(customId, $"secret-{Guid.NewGuid():N}", typed);
        var done = await client.WaitForStatusAsync(id, "confirmed");

        var everything = string.Join("\n",
            storeJson,
            await client.GetStringAsync($"/api/stores/{storeId}"),
            await client.GetStringAsync("/api/stores"),
            done.ToJsonString(),
            await client.GetStringAsync("/api/verifications"));
        foreach (var secret in new[] { AccessToken, WebhookSecret, StoreRoboKey, RoboCallStub.ApiKey, phone, typed, phone[2..], "Ayesha" })
        {
            Assert.DoesNotContain(secret, everything, StringComparison.Ordinal);
        }

        Assert.Equal("********" + phone[^4..], done["phone"]!.GetValue<string>()); // at most the last four digits
        var credentials = JsonNode.Parse(storeJson)!["credentials"]!;
        Assert.True(credentials["accessToken"]!.GetValue<bool>());
        Assert.True(credentials["webhookSecret"]!.GetValue<bool>());

        // At rest: the tables hold ciphertext only.
        var stored = string.Join("\n",
            await ReadAllAsync(database, "select coalesce(secrets, '') || ' ' || settings from stores"),
            await ReadAllAsync(database, "select coalesce(phone, '') || ' ' || coalesce(customer_name, '') from verifications"),
            await ReadAllAsync(database, "select message from verification_events"));
        Assert.Contains("v1.", stored, StringComparison.Ordinal);
        foreach (var secret in new[] { AccessToken, WebhookSecret, StoreRoboKey, phone, phone[2..], "Ayesha" })
        {
            Assert.DoesNotContain(secret, stored, StringComparison.Ordinal);
        }

        // Every log line of the run, at Debug and Trace too (HttpClient logging included).
        var logs = string.Join("\n", app.Logs.Lines);
        Assert.Contains("api/calls", logs, StringComparison.Ordinal); // the HTTP client did log the requests...
        foreach (var secret in new[] { AccessToken, WebhookSecret, StoreRoboKey, RoboCallStub.ApiKey, phone, typed, phone[2..] })
        {
            Assert.DoesNotContain(secret, logs, StringComparison.Ordinal); // ...without their query strings
        }

        // Job arguments, as the dashboard shows them: ids only.
        var monitoring = app.Services.GetRequiredService<JobStorage>().GetMonitoringApi();
        var jobs = monitoring.SucceededJobs(0, 100).Select(j => j.Value.Job);
        Assert.NotEmpty(jobs);
        Assert.All(jobs.SelectMany(j => j.Args), arg => Assert.True(arg is null or long or CancellationToken, $"unexpected job argument {arg}"));
    }

    private static async Task<string> ReadAllAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<string>();
        while (await reader.ReadAsync())
        {
            values.Add(reader.GetString(0));
        }

        return string.Join("\n", values);
    }

    [Fact]
    public async Task Dashboard_names_jobs_by_what_they_do_without_the_phone()
    {
        await using var app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall);
        using var client = app.AdminClient();
        var (phone, typed) = RoboCallStub.NewPhone();
        roboCall.AcceptCall(phone, RoboCallStub.CallId(phone));
        roboCall.CallStatuses(RoboCallStub.CallId(phone), (2, 1, 0));
        var storeId = await client.CreateCustomStoreAsync("Lahore Lawn");
        var id = await client.SubmitOrderAsync(storeId, "1001", typed);
        await client.WaitForStatusAsync(id, "confirmed");

        using var dashboard = app.CreateClient();
        dashboard.DefaultRequestHeaders.Authorization = AccessTests.Basic(OrderConfirmApp.DashboardUser, OrderConfirmApp.DashboardPassword);
        // Every second's recurring jobs would push the order's jobs off a 10-row first page.
        var page = System.Net.WebUtility.HtmlDecode(await dashboard.GetStringAsync("/hangfire/jobs/succeeded?count=500"));

        Assert.Contains("Dial the customers whose call is due", page, StringComparison.Ordinal);
        Assert.Contains("Write back the outcomes that are due", page, StringComparison.Ordinal);
        Assert.DoesNotContain(phone[2..], page, StringComparison.Ordinal);

        // Runs that carry no order of their own leave the succeeded list after an hour instead of Hangfire's default day.
        var monitoring = app.Services.GetRequiredService<JobStorage>().GetMonitoringApi();
        var succeeded = monitoring.SucceededJobs(0, 200).ToList();
        var poll = succeeded.First(j => j.Value.Job.Type == typeof(OrderConfirm.Verification.PollCallsJob));
        var dialler = succeeded.First(j => j.Value.Job.Type == typeof(OrderConfirm.Verification.DialDueCallsJob));
        Assert.True(monitoring.JobDetails(poll.Key).ExpireAt < DateTime.UtcNow.AddMinutes(61));
        Assert.True(monitoring.JobDetails(dialler.Key).ExpireAt < DateTime.UtcNow.AddMinutes(61));
    }
}
