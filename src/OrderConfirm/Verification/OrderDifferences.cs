using OrderConfirm.Security;

namespace OrderConfirm.Verification;

/// What differs between an order posted again (same store and order id) and the verification it already has: only the
/// fields the new post sends are compared, each as intake would store it (a phone by its normalised number), so a
/// retried request is the same order and a changed one is named field by field.
public sealed class OrderDifferences(SecretProtector protector)
{
    public IReadOnlyList<string> Between(VerificationRecord stored, OrderSubmission order)
    {
        var differ = new List<string>();
        if (!string.IsNullOrWhiteSpace(order.OrderName) && order.OrderName.Trim() != stored.OrderName)
        {
            differ.Add("orderName");
        }

        if (order.Amount != stored.Amount)
        {
            differ.Add("amount");
        }

        if (!string.IsNullOrWhiteSpace(order.Currency) && !string.Equals(order.Currency.Trim(), stored.Currency, StringComparison.OrdinalIgnoreCase))
        {
            differ.Add("currency");
        }

        if (!string.IsNullOrWhiteSpace(order.Phone) && PhoneDiffers(stored, order.Phone))
        {
            differ.Add("phone");
        }

        if (!string.IsNullOrWhiteSpace(order.CustomerName) && stored.CustomerName is { } name
            && protector.Unprotect(name, ProtectionPurposes.CustomerName) != order.CustomerName.Trim())
        {
            differ.Add("customerName");
        }

        return differ;
    }

    private bool PhoneDiffers(VerificationRecord stored, string phone)
    {
        var valid = PakistaniMobile.TryNormalize(phone, out var normalized);
        if (stored.Phone is { } kept)
        {
            return !valid || protector.Unprotect(kept, ProtectionPurposes.Phone) != normalized;
        }

        // No number kept: it was not a mobile (then a valid one now is new data), or it was erased by retention.
        return valid && stored.Status == VerificationStatus.InvalidPhone;
    }
}
