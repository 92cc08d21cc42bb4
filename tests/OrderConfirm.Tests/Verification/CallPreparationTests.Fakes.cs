using System.Net;
using OrderConfirm.RoboCall;
using OrderConfirm.Stores;
using OrderConfirm.Verification;
using Refit;

namespace OrderConfirm.Tests.Verification;

/// The stand-ins a preparation talks to: a shop guard, Robo Call's balance read and a dial that must not happen.
public sealed partial class CallPreparationTests
{
    private sealed class FakeGuard(string? reason, bool fails) : IOrderGuard
    {
        public int Calls { get; private set; }

        public Task<string?> ReasonNotToCallAsync(Store store, VerificationRecord verification, CancellationToken cancellationToken)
        {
            Calls++;
            return fails ? throw new InvalidOperationException("the shop could not be read") : Task.FromResult(reason);
        }
    }

    // Robo Call's check_balance answering with the balance set; the other reads are not used before the dial.
    private sealed class FakeBalanceApi : IRoboCallApi
    {
        public decimal Balance { get; set; }

        public int Checks { get; private set; }

        public Task<IApiResponse<BalanceResponse>> CheckBalanceAsync(string apiKey, CancellationToken cancellationToken)
        {
            Checks++;
            var content = new BalanceResponse { Data = new BalanceData { Balance = Balance, CallRate = 5.5m } };
            var answer = new HttpResponseMessage(HttpStatusCode.OK) { RequestMessage = new HttpRequestMessage(HttpMethod.Get, "https://robocall.test/check_balance") };
            return Task.FromResult<IApiResponse<BalanceResponse>>(new ApiResponse<BalanceResponse>(answer, content, new RefitSettings()));
        }

        public Task<IApiResponse<CallStatusResponse>> GetCallAsync(string apiKey, string callId, CancellationToken cancellationToken)
            => throw new InvalidOperationException("no call status is read before the dial");

        public Task<IApiResponse<VerifyKeyResponse>> VerifyKeyAsync(string apiKey, CancellationToken cancellationToken)
            => throw new InvalidOperationException("no key is verified before the dial");
    }

    private sealed class NoDials : IRoboCallDialApi
    {
        public Task<IApiResponse<PlaceCallResponse>> PlaceCallAsync(string apiKey, string callerId, long amount, string voiceId, string text1, string text2, CancellationToken cancellationToken)
            => throw new InvalidOperationException("the preparation never dials");
    }
}
