namespace OrderConfirm.ApiDocs;

public sealed class ApiDocsOptions
{
    public const string Section = "ApiDocs";

    // Serve /openapi/v1.json and /scalar outside Development and the sandbox, behind the dashboard login.
    public bool Enabled { get; set; }
}
