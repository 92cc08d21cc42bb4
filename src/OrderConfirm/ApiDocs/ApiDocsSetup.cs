using Microsoft.Extensions.Options;
using OrderConfirm.Security;
using Scalar.AspNetCore;

namespace OrderConfirm.ApiDocs;

/// The OpenAPI description of every API endpoint (/openapi/v1.json) and Scalar's interactive docs on it (/scalar).
/// The endpoint files stay as they are: the transformers here add what the handlers' types cannot say (auth,
/// problem shapes, webhook signatures, example bodies).
public static class ApiDocsSetup
{
    public const string DocumentName = "v1";
    public const string DocumentPath = "/openapi/{documentName}.json";
    public const string ScalarPath = "/scalar";

    public static IHostApplicationBuilder AddApiDocs(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ApiDocsOptions>().BindConfiguration(ApiDocsOptions.Section).ValidateOnStart();
        builder.Services.AddOpenApi(DocumentName, options =>
        {
            options.AddDocumentTransformer<ApiDocsDocument>();
            options.AddOperationTransformer<ApiDocsOperations>();
        });
        return builder;
    }

    public static IEndpointRouteBuilder MapApiDocs(this IEndpointRouteBuilder routes)
    {
        var services = routes.ServiceProvider;
        var access = ApiDocsAccessRule.Decide(
            services.GetRequiredService<IHostEnvironment>().IsDevelopment(),
            services.GetRequiredService<IConfiguration>().GetValue<bool>(ApiDocsAccessRule.SandboxKey),
            services.GetRequiredService<IOptions<ApiDocsOptions>>().Value.Enabled);
        if (access == ApiDocsAccess.Off)
        {
            return routes;
        }

        var document = routes.MapOpenApi(DocumentPath).ExcludeFromDescription();
        var scalar = routes.MapScalarApiReference(ScalarPath, options => options
            .WithTitle("OrderConfirm API")
            .WithOpenApiRoutePattern(DocumentPath)
            .AddPreferredSecuritySchemes([ApiDocsDocument.AdminKeyScheme]));
        if (access == ApiDocsAccess.LoginRequired)
        {
            // The dashboard's login: a person in a browser, who gets the browser's own sign-in prompt.
            document.RequireAuthorization(AuthPolicies.Dashboard);
            scalar.RequireAuthorization(AuthPolicies.Dashboard);
        }

        return routes;
    }
}
