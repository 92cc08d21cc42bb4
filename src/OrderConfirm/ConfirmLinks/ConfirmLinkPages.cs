using OrderConfirm.Stores;
using OrderConfirm.Storage;
using OrderConfirm.Verification;

namespace OrderConfirm.ConfirmLinks;

/// Looks a token up for the page, in order: signature (no database), the link, the store, then use and expiry. Any step
/// that ends the request comes back as the page to show.
public sealed class ConfirmLinkPages(
    IHttpContextAccessor http,
    ConfirmLinkToken tokens,
    ConfirmLinkRepository links,
    StoreRepository stores,
    CallPolicyResolver policies,
    TimeProvider clock)
{
    public async Task<Lookup> FindAsync(string token, string? lang, CancellationToken cancellationToken)
    {
        var context = http.HttpContext!;
        var plain = ConfirmLinkTexts.For(lang, null);
        if (tokens.Verify(token) is not { } hash
            || await links.FindAsync(hash, cancellationToken) is not { } link
            || await stores.GetAsync(link.StoreId, cancellationToken) is not { } store)
        {
            return new Lookup(null, null, plain, ConfirmLinkHeaders.Html(context, ConfirmLinkPage.Message(plain, plain.NotFound), StatusCodes.Status404NotFound));
        }

        var texts = ConfirmLinkTexts.For(lang, store.Settings.Section<Sms.SmsSettings>().SmsLanguage);
        if (link is { UsedAt: { } usedAt, Answer: { } answer })
        {
            return new Lookup(link, store, texts, ConfirmLinkHeaders.Html(context, Answered(texts, store, answer, UnixTime.FromMs(usedAt), link.OrderName), StatusCodes.Status200OK));
        }

        if (UnixTime.FromMs(link.ExpiresAt) <= clock.GetUtcNow())
        {
            return new Lookup(link, store, texts, ConfirmLinkHeaders.Html(context, ConfirmLinkPage.Message(texts, texts.Expired, link.OrderName), StatusCodes.Status410Gone));
        }

        return new Lookup(link, store, texts, null);
    }

    public string Answered(ConfirmLinkTexts texts, Store store, string answer, DateTimeOffset at, string orderName)
    {
        var when = ConfirmLinkPage.When(at, policies.For(store).Zone);
        return ConfirmLinkPage.Answered(texts, answer == VerificationStatus.Cancelled, when, orderName);
    }

    public static bool CallInProgress(ConfirmLinkRow link) => link.Step is VerificationStep.Dialing or VerificationStep.Poll;

    // Mirrors ConfirmLinkRepository's SQL condition for showing the buttons; the update itself is what decides.
    public static bool TakesAnswer(ConfirmLinkRow link) => link switch
    {
        { Step: VerificationStep.Call, Status: VerificationStatus.Pending } => true,
        { Step: VerificationStep.Apply or VerificationStep.Done, Status: VerificationStatus.Unreachable or VerificationStatus.NoInput } => true,
        { Step: VerificationStep.Done, Status: VerificationStatus.NeedsAttention, Outcome: null } => true,
        _ => false,
    };

    public sealed record Lookup(ConfirmLinkRow? Link, Store? Store, ConfirmLinkTexts Texts, IResult? Page);
}
