using Microsoft.AspNetCore.Http.HttpResults;

namespace OrderConfirm.Verification;

// Body of PATCH /api/verifications/{id}: what an operator may correct on an order that did not reach its customer.
public sealed record CorrectVerificationRequest(string? Phone);

// Body of POST /api/verifications/{id}/decide: the outcome an operator marks by hand, "confirmed" or "cancelled".
public sealed record DecideVerificationRequest(string? Outcome);

/// What an operator corrects by hand. PATCH /api/verifications/{id} { phone }: an operator corrects the phone of a verification that never reached the
/// customer (invalid-phone, unreachable, no-input, needs-attention without an outcome); a redial then calls the new
/// number. The number is stored encrypted like every phone and shown masked.
public static class VerificationCorrections
{
    public static async Task<Results<Ok<VerificationResponse>, ValidationProblem, ProblemHttpResult>> PatchAsync(
        long id, CorrectVerificationRequest request, VerificationActions actions, VerificationRepository verifications, CancellationToken cancellationToken)
        => await VerificationsApi.AnswerWithFieldsAsync(id, await actions.CorrectPhoneAsync(id, request.Phone, ActingPerson.Operator, cancellationToken), verifications, cancellationToken);

    /// POST /api/verifications/{id}/decide { outcome }: the outcome marked by hand (the operator reached the customer
    /// another way), written back like a call's; refused while a call runs or once the customer answered.
    public static async Task<Results<Ok<VerificationResponse>, ValidationProblem, ProblemHttpResult>> DecideAsync(
        long id, DecideVerificationRequest request, VerificationActions actions, VerificationRepository verifications, CancellationToken cancellationToken)
        => await VerificationsApi.AnswerWithFieldsAsync(id, await actions.DecideAsync(id, request.Outcome?.Trim().ToLowerInvariant(), ActingPerson.Operator, cancellationToken), verifications, cancellationToken);
}
