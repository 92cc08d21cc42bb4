using OrderConfirm.ApiDocs;

namespace OrderConfirm.Tests.ApiDocs;

public sealed class ApiDocsAccessTests
{
    [Theory]
    [InlineData(true, false, false, ApiDocsAccess.Open)]
    [InlineData(false, true, false, ApiDocsAccess.Open)]
    [InlineData(false, false, true, ApiDocsAccess.LoginRequired)]
    [InlineData(false, false, false, ApiDocsAccess.Off)]
    public void The_docs_are_open_in_development_and_the_sandbox_and_elsewhere_only_when_allowed_and_behind_the_login(
        bool development, bool sandbox, bool enabled, ApiDocsAccess expected)
        => Assert.Equal(expected, ApiDocsAccessRule.Decide(development, sandbox, enabled));

    [Theory]
    [InlineData("api/stores/{id:long}", "/api/stores/{id}")]
    [InlineData("/webhooks/woocommerce/{storeId}", "/webhooks/woocommerce/{storeId}")]
    [InlineData("api/verifications", "/api/verifications")]
    [InlineData("api/things/{name?}", "/api/things/{name}")]
    public void A_route_becomes_the_documents_path_key(string route, string path)
        => Assert.Equal(path, ApiDocsOperations.PathOf(route));
}
