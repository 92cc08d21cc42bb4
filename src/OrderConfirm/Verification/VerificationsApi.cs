using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using OrderConfirm.Security;
using OrderConfirm.Storage;
using OrderConfirm.Stores;
using OrderConfirm.Toolkit;

namespace OrderConfirm.Verification;

public static class VerificationsApi
{
    public static RouteGroupBuilder MapVerificationsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/verifications").WithTags("Verifications");
        // A custom shop's own key may create and read its store's verifications (StoreScope), nothing else here.
        group.MapPost("/", CreateAsync).AllowStoreKeys();
        group.MapGet("/", ListAsync).AllowStoreKeys();
        group.MapGet("/{id:long}", GetAsync).AllowStoreKeys();
        group.MapPost("/{id:long}/redial", RedialAsync);
        group.MapPost("/{id:long}/retry-write-back", RetryWriteBackAsync);
        group.MapPost("/{id:long}/stop", StopAsync);
        group.MapPatch("/{id:long}", VerificationCorrections.PatchAsync);
        group.MapPost("/{id:long}/decide", VerificationCorrections.DecideAsync);
        return group;
    }

    private static async Task<Results<Created<VerificationResponse>, Ok<VerificationResponse>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        CreateVerificationRequest request, VerificationIntake intake, VerificationRepository verifications, StoreRepository stores, VerificationActions actions, OrderDifferences differences,
        ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        // A store key's orders are its store's: storeId may be left out, and another store's id is answered as if
        // that store did not exist.
        if (StoreScope.IsRestricted(user, out var own) && request.StoreId is null)
        {
            request = request with { StoreId = own };
        }

        if (request.StoreId is { } named && !StoreScope.Sees(user, named))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["storeId"] = [$"There is no store {named}."] }, title: "The order is not valid");
        }

        var errors = Validate(request);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The order is not valid");
        }

        // An order the store could never call is refused now, not accepted and left to fail at its call time.
        if (await stores.GetAsync(request.StoreId!.Value, cancellationToken) is { Enabled: true } store && actions.CannotCall(store) is { } why)
        {
            return Conflict(why, "The store cannot place calls");
        }

        var submission = new OrderSubmission(request.StoreId!.Value, request.OrderId!, request.OrderName, request.Amount!.Value, request.Currency, request.Phone, request.CustomerName);
        switch (await intake.SubmitAsync(submission, cancellationToken))
        {
            case IntakeResult.Accepted { Created: true } accepted:
                var created = await ToResponseAsync(accepted.Verification, verifications, cancellationToken);
                return TypedResults.Created($"/api/verifications/{created.Id}", created);
            case IntakeResult.Accepted accepted when differences.Between(accepted.Verification, submission) is { Count: > 0 } differ:
                // The same order id with other data: not a retry, and the stored verification is not silently kept.
                return TypedResults.Problem(
                    title: "The order was already received with other data",
                    detail: $"Verification {accepted.Verification.Id} holds order {submission.OrderId} of store {submission.StoreId} with another {string.Join(", ", differ)}. Post it again unchanged, or correct the verification (PATCH /api/verifications/{accepted.Verification.Id}).",
                    statusCode: StatusCodes.Status409Conflict,
                    extensions: new Dictionary<string, object?> { ["verificationId"] = accepted.Verification.Id, ["differentFields"] = differ });
            case IntakeResult.Accepted accepted:
                // The same order again (a retried request, a second webhook): the existing verification, unchanged.
                return TypedResults.Ok(await ToResponseAsync(accepted.Verification, verifications, cancellationToken));
            case IntakeResult.StoreDisabled disabled:
                return TypedResults.Problem(title: "Store disabled", detail: $"Store {request.StoreId} is disabled{(disabled.Reason is null ? "" : $" ({disabled.Reason})")}; no calls are placed for it.", statusCode: StatusCodes.Status409Conflict);
            default:
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["storeId"] = [$"There is no store {request.StoreId}."] }, title: "The order is not valid");
        }
    }

    private static async Task<Results<Ok<VerificationPage>, ValidationProblem>> ListAsync(
        long? storeId, string? status, string? orderId, long? before, int? limit, VerificationRepository verifications, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (status is not null && !VerificationStatus.All.Contains(status))
        {
            errors["status"] = [$"Unknown status; use one of: {string.Join(", ", VerificationStatus.All)}."];
        }

        ListPage.CheckLimit(limit, errors);

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var size = limit ?? 50;
        if (StoreScope.IsRestricted(user, out var own))
        {
            if (storeId is { } asked && asked != own)
            {
                // Another store's list is empty, as for a store that does not exist.
                return TypedResults.Ok(new VerificationPage([], null));
            }

            storeId = own;
        }

        var rows = await verifications.ListAsync(new VerificationFilter(storeId, status, before, size, string.IsNullOrWhiteSpace(orderId) ? null : orderId.Trim()), cancellationToken);
        var items = rows.Select(r => ToResponse(r, null)).ToList();
        return TypedResults.Ok(new VerificationPage(items, rows.Count == size ? rows[^1].Id : null));
    }

    private static async Task<Results<Ok<VerificationResponse>, ProblemHttpResult>> GetAsync(long id, VerificationRepository verifications, ClaimsPrincipal user, CancellationToken cancellationToken)
        => await verifications.GetAsync(id, cancellationToken) is { } record && StoreScope.Sees(user, record.StoreId)
            ? TypedResults.Ok(await ToResponseAsync(record, verifications, cancellationToken))
            : NotFound(id);

    private static async Task<Results<Ok<VerificationResponse>, ProblemHttpResult>> RedialAsync(
        long id, VerificationActions actions, VerificationRepository verifications, CancellationToken cancellationToken)
        => await AnswerAsync(id, await actions.RedialAsync(id, ActingPerson.Operator, cancellationToken), verifications, cancellationToken);

    private static async Task<Results<Ok<VerificationResponse>, ProblemHttpResult>> RetryWriteBackAsync(
        long id, VerificationActions actions, VerificationRepository verifications, CancellationToken cancellationToken)
        => await AnswerAsync(id, await actions.RetryWriteBackAsync(id, ActingPerson.Operator, cancellationToken), verifications, cancellationToken);

    private static async Task<Results<Ok<VerificationResponse>, ProblemHttpResult>> StopAsync(
        long id, VerificationActions actions, VerificationRepository verifications, CancellationToken cancellationToken)
        => await AnswerAsync(id, await actions.StopAsync(id, ActingPerson.Operator, cancellationToken), verifications, cancellationToken);

    /// An action's result as the API answers it: the verification, 404, or 409 with why (these actions take no field).
    internal static async Task<Results<Ok<VerificationResponse>, ProblemHttpResult>> AnswerAsync(
        long id, VerificationActionResult result, VerificationRepository verifications, CancellationToken cancellationToken) => result switch
    {
        VerificationActionResult.Done done => TypedResults.Ok(await ToResponseAsync(done.Verification, verifications, cancellationToken)),
        VerificationActionResult.Refused refused => Conflict(refused.Detail, refused.Title),
        VerificationActionResult.Invalid invalid => Conflict(invalid.Message, invalid.Title),
        _ => NotFound(id),
    };

    /// The same for an action that takes a field: a field that is not valid is 400 naming it.
    internal static async Task<Results<Ok<VerificationResponse>, ValidationProblem, ProblemHttpResult>> AnswerWithFieldsAsync(
        long id, VerificationActionResult result, VerificationRepository verifications, CancellationToken cancellationToken) => result switch
    {
        VerificationActionResult.Invalid invalid => TypedResults.ValidationProblem(new Dictionary<string, string[]> { [invalid.Field] = [invalid.Message] }, title: invalid.Title),
        VerificationActionResult.Done done => TypedResults.Ok(await ToResponseAsync(done.Verification, verifications, cancellationToken)),
        VerificationActionResult.Refused refused => Conflict(refused.Detail, refused.Title),
        _ => NotFound(id),
    };

    private static Dictionary<string, string[]> Validate(CreateVerificationRequest request)
    {
        var errors = new Dictionary<string, string[]>();
        if (request.StoreId is null or < 1)
        {
            errors["storeId"] = ["The store id is required."];
        }

        if (string.IsNullOrWhiteSpace(request.OrderId) || request.OrderId.Trim().Length > 100)
        {
            errors["orderId"] = ["The shop's order id is required (at most 100 characters)."];
        }

        if (request.OrderName is { Length: > 100 })
        {
            errors["orderName"] = ["The order name must be at most 100 characters."];
        }

        if (request.Amount is null or < 0 or > 100_000_000)
        {
            errors["amount"] = ["The amount is required and must be between 0 and 100,000,000."];
        }

        if (request.Currency is { } currency && (currency.Trim().Length != 3 || !currency.Trim().All(char.IsAsciiLetter)))
        {
            errors["currency"] = ["The currency must be a three-letter ISO code such as PKR."];
        }

        if (string.IsNullOrWhiteSpace(request.Phone))
        {
            errors["phone"] = ["The customer's phone number is required."];
        }
        else if (request.Phone.Length > 40)
        {
            errors["phone"] = ["The phone number must be at most 40 characters."];
        }

        if (request.CustomerName is { Length: > 200 })
        {
            errors["customerName"] = ["The customer name must be at most 200 characters."];
        }

        return errors;
    }

    internal static async Task<VerificationResponse> ToResponseAsync(VerificationRecord record, VerificationRepository verifications, CancellationToken cancellationToken)
        => ToResponse(record, await verifications.TimelineAsync(record.Id, cancellationToken));

    private static VerificationResponse ToResponse(VerificationRecord r, IReadOnlyList<VerificationEvent>? timeline) => new(
        r.Id,
        r.StoreId,
        r.OrderId,
        r.OrderName,
        r.Amount,
        r.Currency,
        r.PhoneMasked,
        r.Status,
        r.Reason,
        r.CallId,
        r.RoboStatus,
        r.Dtmf,
        r.WriteBack,
        r.Attempt,
        r.Outcome is null && r.DecidedBy is null ? null : Deciders.Of(r),
        UnixTime.FromMs(r.DueAt),
        UnixTime.FromMs(r.CreatedAt),
        UnixTime.FromMs(r.UpdatedAt),
        timeline?.Select(e => new TimelineEntry(UnixTime.FromMs(e.At), e.Kind, e.Message, e.Repeats > 0 ? (int)e.Repeats : null, UnixTime.FromMs(e.FirstAt))).ToList());

    internal static ProblemHttpResult NotFound(long id)
        => TypedResults.Problem(title: "Verification not found", detail: $"There is no verification {id}.", statusCode: StatusCodes.Status404NotFound);

    internal static ProblemHttpResult Conflict(string detail, string title = "Not possible in this state")
        => TypedResults.Problem(title: title, detail: detail, statusCode: StatusCodes.Status409Conflict);
}
