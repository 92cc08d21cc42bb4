using Microsoft.AspNetCore.Http.HttpResults;
using OrderConfirm.Security;

namespace OrderConfirm.Verification;

// Body of PATCH /api/verifications/{id}: what an operator may correct on an order that did not reach its customer.
public sealed record CorrectVerificationRequest(string? Phone);

/// PATCH /api/verifications/{id} { phone }: an operator corrects the phone of a verification that never reached the
/// customer (invalid-phone, unreachable, no-input, needs-attention without an outcome); a redial then calls the new
/// number. The number is stored encrypted like every phone and shown masked.
public static class VerificationCorrections
{
    public static async Task<Results<Ok<VerificationResponse>, ValidationProblem, ProblemHttpResult>> PatchAsync(
        long id, CorrectVerificationRequest request, VerificationRepository verifications, SecretProtector protector, CancellationToken cancellationToken)
    {
        if (await verifications.GetAsync(id, cancellationToken) is not { } record)
        {
            return VerificationsApi.NotFound(id);
        }

        if (string.IsNullOrWhiteSpace(request.Phone))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["phone"] = ["Send the corrected phone number, e.g. 0300-1234567."] }, title: "Nothing to correct");
        }

        if (!PakistaniMobile.TryNormalize(request.Phone, out var phone))
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["phone"] = ["This is not a Pakistani mobile number (such as 0300-1234567 or +92 300 1234567)."] },
                title: "The correction is not valid");
        }

        if (!await verifications.CorrectPhoneAsync(id, protector.Protect(phone, ProtectionPurposes.Phone), PakistaniMobile.Mask(phone), cancellationToken))
        {
            return VerificationsApi.Conflict($"Only the phone of a verification that did not reach its customer (invalid-phone, unreachable, no-input, needs-attention without an outcome) can be corrected; this one is {record.Status}.");
        }

        return TypedResults.Ok(await VerificationsApi.ToResponseAsync((await verifications.GetAsync(id, cancellationToken))!, verifications, cancellationToken));
    }
}
