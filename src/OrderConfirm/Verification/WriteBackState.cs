namespace OrderConfirm.Verification;

public static class WriteBackState
{
    public const string Pending = "pending";
    public const string Done = "done";
    public const string NotAvailable = "not-available";
    public const string Failed = "failed";
}
