using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;
using OrderConfirm.Security;
using OrderConfirm.Verification;

namespace OrderConfirm.ConfirmLinks;

public static class ConfirmLinkEndpoints
{
    public static IEndpointRouteBuilder MapConfirmLinks(this IEndpointRouteBuilder routes)
    {
        var page = routes.MapGroup(ConfirmLinkService.PathPrefix.TrimEnd('/')).WithMetadata(ConfirmLinkPageMarker.Instance).ExcludeFromDescription();
        page.MapGet("/{token}", ShowAsync);
        page.MapPost("/{token}", AnswerAsync);

        routes.MapPost("/api/verifications/{id:long}/link", CreateAsync).RequireAuthorization(AuthPolicies.Admin).WithTags("Verifications");
        return routes;
    }

    private static async Task<Results<Ok<ConfirmLinkResponse>, ProblemHttpResult>> CreateAsync(long id, ConfirmLinkService links, CancellationToken cancellationToken)
        => await links.GetOrCreateAsync(id, cancellationToken) switch
        {
            ConfirmLinkResult.Created created => TypedResults.Ok(new ConfirmLinkResponse(
                created.Url,
                created.ExpiresAt,
                created.Absolute ? null : "PublicBaseUrl is not set, so the link is a path on this service; prefix it with the service's public https root.")),
            ConfirmLinkResult.NotFound => TypedResults.Problem(title: "Not found", detail: $"There is no verification {id}.", statusCode: StatusCodes.Status404NotFound),
            _ => TypedResults.Problem(title: "Conflict", detail: $"Verification {id} already has its answer or was closed; a link could not change it.", statusCode: StatusCodes.Status409Conflict),
        };

    private static async Task<IResult> ShowAsync(string token, string? lang, HttpContext context, ConfirmLinkPages pages, IAntiforgery antiforgery, CancellationToken cancellationToken)
    {
        var found = await pages.FindAsync(token, lang, cancellationToken);
        if (found.Page is { } early)
        {
            return early;
        }

        var (link, store, texts) = (found.Link!, found.Store!, found.Texts);
        if (ConfirmLinkPages.CallInProgress(link))
        {
            return ConfirmLinkHeaders.Html(context, ConfirmLinkPage.Message(texts, texts.CallInProgress, link.OrderName), StatusCodes.Status200OK);
        }

        if (!ConfirmLinkPages.TakesAnswer(link))
        {
            return ConfirmLinkHeaders.Html(context, ConfirmLinkPage.Message(texts, texts.Closed, link.OrderName), StatusCodes.Status200OK);
        }

        // Our headers first: the antiforgery token sets its own X-Frame-Options only where none is present.
        ConfirmLinkHeaders.Apply(context.Response);
        var tokens = antiforgery.GetAndStoreTokens(context);
        var html = ConfirmLinkPage.Ask(texts, store.Name, link.OrderName, link.Amount, link.Currency, tokens.FormFieldName, tokens.RequestToken!);
        return ConfirmLinkHeaders.Html(context, html, StatusCodes.Status200OK);
    }

    // The antiforgery check is made here, first, rather than by binding a [FromForm] parameter: the framework would
    // answer a missing cookie (an old tab, a privacy browser) with a JSON error the customer cannot read.
    private static async Task<IResult> AnswerAsync(
        string token,
        string? lang,
        HttpContext context,
        IAntiforgery antiforgery,
        ConfirmLinkPages pages,
        ConfirmLinkRepository repository,
        JobDispatcher dispatcher,
        TimeProvider clock,
        CancellationToken cancellationToken)
    {
        if (!context.Request.HasFormContentType || !await antiforgery.IsRequestValidAsync(context))
        {
            // Nothing is changed; the lookup only finds the page's language and order to show.
            var refused = await pages.FindAsync(token, lang, cancellationToken);
            return ConfirmLinkHeaders.Html(context, ConfirmLinkPage.Outdated(refused.Texts, refused.Link?.OrderName), StatusCodes.Status400BadRequest);
        }

        var answer = (await context.Request.ReadFormAsync(cancellationToken))[ConfirmLinkPage.FormField].ToString();
        var found = await pages.FindAsync(token, lang, cancellationToken);
        if (found.Page is { } early)
        {
            return early;
        }

        var (link, texts) = (found.Link!, found.Texts);
        var outcome = answer switch
        {
            ConfirmLinkPage.ConfirmValue => VerificationStatus.Confirmed,
            ConfirmLinkPage.CancelValue => VerificationStatus.Cancelled,
            _ => null,
        };
        if (outcome is null)
        {
            return ConfirmLinkHeaders.Html(context, ConfirmLinkPage.Message(texts, texts.BadAnswer, link.OrderName), StatusCodes.Status400BadRequest);
        }

        var message = outcome == VerificationStatus.Confirmed ? "Customer confirmed by link" : "Customer cancelled by link";
        if (await repository.AnswerAsync(link.Id, link.VerificationId, outcome, message, cancellationToken))
        {
            // Exactly what a final call does next: the write-back job, which also queues the customer's SMS.
            await dispatcher.DispatchAsync(link.VerificationId, VerificationStep.Apply, clock.GetUtcNow(), null, cancellationToken);
            return ConfirmLinkHeaders.Html(context, pages.Answered(texts, found.Store!, outcome, clock.GetUtcNow(), link.OrderName), StatusCodes.Status200OK);
        }

        // Lost a race or the state moved on: read again and say why, changing nothing.
        var again = await pages.FindAsync(token, lang, cancellationToken);
        if (again.Page is { } page)
        {
            return page;
        }

        var current = again.Link!;
        var refusal = ConfirmLinkPages.CallInProgress(current) ? texts.CallInProgress : texts.Closed;
        return ConfirmLinkHeaders.Html(context, ConfirmLinkPage.Message(texts, refusal, current.OrderName), StatusCodes.Status409Conflict);
    }
}

/// What the link API answers. Note is set when the URL is only a path (PublicBaseUrl unset).
public sealed record ConfirmLinkResponse(string Url, DateTimeOffset ExpiresAt, string? Note);
