using System.Security.Cryptography;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;

namespace OrderConfirm.Bench;

/// The real service on Kestrel, on PostgreSQL, in the "web" role by default: the webhook path exactly as deployed, with
/// the background processing (which has its own pace) switched off so it does not compete for the two cores. With
/// "web,worker" the processor and Hangfire run in the same process, as in the embedded default and a one-instance deploy.
public sealed class OrderConfirmHost(string connectionString, string roles) : WebApplicationFactory<Program>
{
    private const string AdminKey = "bench-admin-key-0123456789";

    public Uri Address { get; private set; } = null!;

    public static async Task<(OrderConfirmHost Host, string ShopDomain, string Secret, long WooCommerceStoreId)> StartAsync(string connectionString, string roles)
    {
        // The service's content root (for appsettings.json) is its project folder in this repository.
        var repository = new DirectoryInfo(AppContext.BaseDirectory);
        while (repository is not null && !File.Exists(Path.Combine(repository.FullName, "OrderConfirm.sln")))
        {
            repository = repository.Parent;
        }

        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_ORDERCONFIRM", Path.Combine(repository?.FullName ?? ".", "src", "OrderConfirm"));
        var host = new OrderConfirmHost(connectionString, roles);
        host.UseKestrel(0);
        host.StartServer();
        host.Address = new Uri(host.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

        using var admin = new HttpClient { BaseAddress = host.Address };
        admin.DefaultRequestHeaders.Authorization = new("Bearer", AdminKey);
        var secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(24));
        var response = await admin.PostAsJsonAsync("/api/stores", new
        {
            name = "Lahore Lawn",
            platform = "shopify",
            shopDomain = "lahore-lawn.myshopify.com",
            accessToken = "shpat_bench",
            webhookSecret = secret,
        });
        response.EnsureSuccessStatusCode();

        // A WooCommerce store signed with the same secret, so one generator key serves both.
        var woo = await admin.PostAsJsonAsync("/api/stores", new
        {
            name = "Lahore Lawn (WooCommerce)",
            platform = "woocommerce",
            apiBaseUrl = "https://lahorelawn.example",
            consumerKey = "ck_bench0123456789",
            consumerSecret = "cs_bench0123456789",
            webhookSecret = secret,
        });
        woo.EnsureSuccessStatusCode();
        var wooStoreId = (await woo.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetInt64();
        return (host, "lahore-lawn.myshopify.com", secret, wooStoreId);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.UseSetting("ConnectionStrings:OrderConfirm", connectionString);
        builder.UseSetting("Roles", roles);
        builder.UseSetting("Admin:ApiKey", AdminKey);
        builder.UseSetting("Dashboard:Username", "bench");
        builder.UseSetting("Dashboard:Password", "bench-password");
        builder.UseSetting("Encryption:Key", Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        // Stores are refused unless they can place a call: a default key and voice (nothing is dialled in the web role,
        // and Robo Call's root is a closed loopback port, so nothing could leave the machine).
        builder.UseSetting("RoboCall:ApiKey", "bench-robocall-key");
        builder.UseSetting("RoboCall:BaseUrl", "http://127.0.0.1:9/api/");
        builder.UseSetting("Verification:VoiceId", "102");
    }
}
