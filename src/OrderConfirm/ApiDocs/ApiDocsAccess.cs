namespace OrderConfirm.ApiDocs;

/// Who may read the API description and the interactive docs. In Development and in the sandbox they are open: the
/// service holds nothing real there. Anywhere else an operator switches them on, and then only behind a login.
public enum ApiDocsAccess
{
    Off,
    Open,
    LoginRequired,
}

public static class ApiDocsAccessRule
{
    public const string SandboxKey = "Sandbox:Enabled";

    public static ApiDocsAccess Decide(bool development, bool sandbox, bool enabledByOperator) => (development || sandbox, enabledByOperator) switch
    {
        (true, _) => ApiDocsAccess.Open,
        (false, true) => ApiDocsAccess.LoginRequired,
        _ => ApiDocsAccess.Off,
    };
}
