using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OrderConfirm.Security;
using OrderConfirm.Verification;

namespace OrderConfirm.Merchant.Pages.Orders;

/// One verification and its timeline, in the store's zone. Another store's verification is answered 404, exactly as
/// one that does not exist: an owner learns nothing about other stores' ids (the API's GET does the same).
public sealed class DetailModel(VerificationRepository verifications, StoreZones zones) : PageModel
{
    public OrderRow Order { get; private set; } = null!;

    public string? Reason { get; private set; }

    public string? NextStepAt { get; private set; }

    public string? WriteBack { get; private set; }

    public int Attempt { get; private set; }

    public string ZoneName { get; private set; } = "UTC";

    public IReadOnlyList<TimelineLine> Timeline { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken cancellationToken)
    {
        if (await verifications.GetAsync(id, cancellationToken) is not { } record || !StoreScope.Sees(User, record.StoreId))
        {
            return NotFound();
        }

        var zone = await zones.OfStoreAsync(record.StoreId, cancellationToken);
        ZoneName = zone.Id;
        Order = OrderRow.From(record, zone);
        Reason = record.Reason;
        NextStepAt = record.Step != VerificationStep.Done && record.DueAt is { } due ? TimeZones.Local(DateTimeOffset.FromUnixTimeMilliseconds(due), zone) : null;
        WriteBack = record.WriteBack;
        Attempt = record.Attempt;
        Timeline = (await verifications.TimelineAsync(id, cancellationToken))
            .Select(e => new TimelineLine(
                TimeZones.Stamp(DateTimeOffset.FromUnixTimeMilliseconds(e.At), zone),
                e.Kind,
                e.Message,
                e.Repeats > 0 ? (int)e.Repeats : null,
                e.FirstAt is { } first ? TimeZones.Stamp(DateTimeOffset.FromUnixTimeMilliseconds(first), zone) : null))
            .ToList();
        return Page();
    }
}

public sealed record TimelineLine(string At, string Kind, string Message, int? Repeats, string? FirstAt);
