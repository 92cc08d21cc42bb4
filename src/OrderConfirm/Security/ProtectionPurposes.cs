namespace OrderConfirm.Security;

public static class ProtectionPurposes
{
    public const string Phone = "phone";
    public const string CustomerName = "customer-name";
}
