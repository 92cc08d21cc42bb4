using OrderConfirm.ApiDocs;
using OrderConfirm.Balances;
using OrderConfirm.ConfirmLinks;
using OrderConfirm.Custom;
using OrderConfirm.Hosting;
using OrderConfirm.Merchant;
using OrderConfirm.RoboCall;
using OrderConfirm.Sandbox;
using OrderConfirm.Security;
using OrderConfirm.Shopify;
using OrderConfirm.Sms;
using OrderConfirm.Storage;
using OrderConfirm.Telemetry;
using OrderConfirm.StoreAdmin;
using OrderConfirm.Stores;
using OrderConfirm.StoreUsers;
using OrderConfirm.Toolkit;
using OrderConfirm.Verification;
using OrderConfirm.Webhooks;
using OrderConfirm.WooCommerce;

var builder = WebApplication.CreateBuilder(SandboxSwitch.Expand(args));
var roles = Roles.From(builder.Configuration);

OutboundRequestLog.AddOutboundRequestLog(builder);
builder.AddStorage();
builder.AddTelemetry(roles.Names); // after storage: its gauges read tables the migration creates
builder.AddSecurity();
builder.AddStores();
builder.AddRoboCall();
builder.AddSms();
builder.AddVerification();
builder.AddConfirmLinks();
builder.AddWebhooks(roles);

// The shop platforms: each one line, its own folder.
builder.AddCustomShops();
builder.AddShopify();
builder.AddWooCommerce();

builder.AddStoreAdmin();
builder.AddMerchantPages();
builder.AddStoreUsers();
builder.AddBalances();
builder.AddJobs(roles);
builder.AddApi();
builder.AddApiDocs();
builder.AddTrustedProxies();
builder.AddSandbox();
builder.Services.AddHostedService<StartupBanner>();

var app = builder.Build();
app.MapEndpoints(roles);
app.Run();
