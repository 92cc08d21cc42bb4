using OrderConfirm.Stores;
using OrderConfirm.Webhooks;

namespace OrderConfirm.StoreAdmin;

/// What a create or change came to: saved (the store and its response, with anything issued once), not valid (the
/// fields and why: 400), no such store, or a conflict (409).
public abstract record StoreEditResult
{
    private StoreEditResult()
    {
    }

    public sealed record Saved(Store Store, StoreResponse Response) : StoreEditResult;

    public sealed record Invalid(string Title, IDictionary<string, string[]> Errors) : StoreEditResult;

    public sealed record NotFound : StoreEditResult;

    public sealed record Conflict(string Title, string Detail) : StoreEditResult;
}

/// What "install the webhooks" came to: tried (each topic's result, which may be a failure), no such store, or
/// refused before asking the shop (no webhooks for this platform, no public URL).
public abstract record WebhookInstallOutcome
{
    private WebhookInstallOutcome()
    {
    }

    public sealed record Tried(WebhookInstallResult Result) : WebhookInstallOutcome;

    public sealed record NotFound : WebhookInstallOutcome;

    public sealed record Refused(string Title, string Detail) : WebhookInstallOutcome;
}
