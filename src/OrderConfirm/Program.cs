using OrderConfirm.ConfirmLinks;
using OrderConfirm.Hosting;
using OrderConfirm.RoboCall;
using OrderConfirm.Security;
using OrderConfirm.Shopify;
using OrderConfirm.Sms;
using OrderConfirm.Storage;
using OrderConfirm.Verification;
using OrderConfirm.Webhooks;
using OrderConfirm.WooCommerce;

var builder = WebApplication.CreateBuilder(args);
var roles = Roles.From(builder.Configuration);

builder.AddStorage();
builder.AddSecurity();
builder.AddRoboCall();
builder.AddShopify();
builder.AddWooCommerce();
builder.AddSms();
builder.AddVerification();
builder.AddConfirmLinks();
builder.AddJobs(roles);
builder.AddWebhooks(roles);
builder.AddApi();
builder.AddTrustedProxies();
builder.Services.AddHostedService<StartupBanner>();

var app = builder.Build();
app.MapEndpoints(roles);
app.Run();
