using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OrderConfirm.Security;
using OrderConfirm.Verification;

namespace OrderConfirm.Merchant.Pages.Orders;

/// One verification and its timeline, in the store's zone. Another store's verification is answered 404, exactly as
/// one that does not exist: an owner learns nothing about other stores' ids (the API's GET does the same).
public sealed class DetailModel(VerificationRepository verifications, VerificationActions actions, StoreZones zones) : PageModel
{
    private static readonly string[] Done = ["redial", "stop", "retry", "phone", "confirmed", "cancelled"];

    public VerificationRecord Record { get; private set; } = null!;

    /// The action just done (after the redirect), to say so; null otherwise.
    public string? Did { get; private set; }

    /// Why the action asked for was refused, in words.
    public string? Problem { get; private set; }

    public OrderRow Order { get; private set; } = null!;

    public string? Reason { get; private set; }

    public string? NextStepAt { get; private set; }

    public string? WriteBack { get; private set; }

    public int Attempt { get; private set; }

    public string ZoneName { get; private set; } = "UTC";

    public IReadOnlyList<TimelineLine> Timeline { get; private set; } = [];

    /// The outcome the person is asked to confirm before it is marked by hand (?decide=confirmed|cancelled); null otherwise.
    public string? Deciding { get; private set; }

    public async Task<IActionResult> OnGetAsync(long id, string? did, string? decide, CancellationToken cancellationToken)
    {
        Did = Done.Contains(did) ? did : null;
        Deciding = decide is VerificationStatus.Confirmed or VerificationStatus.Cancelled ? decide : null;
        return await ShowAsync(id, cancellationToken);
    }

    // The actions: the same VerificationActions the admin API calls, after the same store check as the page itself.
    public Task<IActionResult> OnPostRedialAsync(long id, CancellationToken cancellationToken)
        => ActAsync(id, "redial", () => actions.RedialAsync(id, MerchantSession.Acting(User), cancellationToken), cancellationToken);

    public Task<IActionResult> OnPostStopAsync(long id, CancellationToken cancellationToken)
        => ActAsync(id, "stop", () => actions.StopAsync(id, MerchantSession.Acting(User), cancellationToken), cancellationToken);

    public Task<IActionResult> OnPostRetryAsync(long id, CancellationToken cancellationToken)
        => ActAsync(id, "retry", () => actions.RetryWriteBackAsync(id, MerchantSession.Acting(User), cancellationToken), cancellationToken);

    // Marked by hand after the page asked "are you sure" (a cancel also cancels the order in the shop).
    public async Task<IActionResult> OnPostDecideAsync(long id, CancellationToken cancellationToken)
    {
        var outcome = (await Request.ReadFormAsync(cancellationToken))["outcome"].ToString();
        return await ActAsync(id, outcome, () => actions.DecideAsync(id, outcome, MerchantSession.Acting(User), cancellationToken), cancellationToken);
    }

    // The number is read from the form, not bound as an argument: MVC logs a handler's arguments (at Trace).
    public async Task<IActionResult> OnPostPhoneAsync(long id, CancellationToken cancellationToken)
    {
        var form = await Request.ReadFormAsync(cancellationToken);
        return await ActAsync(id, "phone", () => actions.CorrectPhoneAsync(id, form["phone"].ToString(), MerchantSession.Acting(User), cancellationToken), cancellationToken);
    }

    private async Task<IActionResult> ActAsync(long id, string did, Func<Task<VerificationActionResult>> act, CancellationToken cancellationToken)
    {
        if (await verifications.GetAsync(id, cancellationToken) is not { } record || !StoreScope.Sees(User, record.StoreId))
        {
            return NotFound();
        }

        switch (await act())
        {
            case VerificationActionResult.Done:
                return LocalRedirect($"/orders/{id}?did={Uri.EscapeDataString(did)}");
            case VerificationActionResult.Refused refused:
                Problem = refused.Detail;
                Response.StatusCode = StatusCodes.Status409Conflict;
                return await ShowAsync(id, cancellationToken);
            case VerificationActionResult.Invalid invalid:
                Problem = invalid.Message;
                Response.StatusCode = StatusCodes.Status400BadRequest;
                return await ShowAsync(id, cancellationToken);
            default:
                return NotFound();
        }
    }

    private async Task<IActionResult> ShowAsync(long id, CancellationToken cancellationToken)
    {
        if (await verifications.GetAsync(id, cancellationToken) is not { } record || !StoreScope.Sees(User, record.StoreId))
        {
            return NotFound();
        }

        Record = record;

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
