using System.Globalization;
using OrderConfirm.Stores;
using OrderConfirm.Verification;

namespace OrderConfirm.WooCommerce;

/// TEMPORARY (branch woo-install): a minimal stand-in so reconciliation compiles and runs before the receiving
/// branch's intake (woo-receive) is merged; that file replaces this one whole. It only decides COD and open status and
/// submits; it does not put the order on-hold or remember cancellations.
public sealed class WooCommerceOrderIntake(VerificationIntake intake)
{
    public async Task<string> TakeAsync(Store store, WooOrder order, CancellationToken cancellationToken)
    {
        var methods = store.Settings.CodPaymentMethods ?? StoreSettings.DefaultCodPaymentMethods;
        if (!methods.Contains(order.PaymentMethod ?? "", StringComparer.OrdinalIgnoreCase))
        {
            return "not a COD order";
        }

        if (order.Status is not (WooOrderStatuses.Processing or WooOrderStatuses.OnHold))
        {
            return $"not verified in status {order.Status}";
        }

        var phone = new[] { order.Billing?.Phone, order.Shipping?.Phone }.FirstOrDefault(p => !string.IsNullOrWhiteSpace(p));
        var name = string.Join(' ', new[] { order.Billing?.FirstName, order.Billing?.LastName }.Where(n => !string.IsNullOrWhiteSpace(n)));
        var result = await intake.SubmitAsync(
            new OrderSubmission(store.Id, order.Id.ToString(CultureInfo.InvariantCulture), order.Number, order.Amount, order.Currency, phone, name),
            cancellationToken);
        return result switch
        {
            IntakeResult.Accepted { Created: false } accepted => $"verification {accepted.Verification.Id} already existed",
            IntakeResult.Accepted accepted => $"verification {accepted.Verification.Id}: {accepted.Verification.Status}",
            _ => "store unavailable",
        };
    }
}
