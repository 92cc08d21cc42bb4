using System.Net;
using OrderConfirm.RoboCall;
using Refit;

namespace OrderConfirm.Tests.RoboCall;

/// What each possible answer to a dial means: placed, certainly not placed (safe to try later), or unknown (never redial).
public sealed class DialClassificationTests
{
    [Fact]
    public void Call_id_in_a_success_means_placed()
        => Assert.Equal(new DialResult.Placed("777"), Classify(HttpStatusCode.OK, new PlaceCallResponse { Status = 200, Data = new PlacedCall { CallId = "777" } }));

    [Fact]
    public void Success_without_a_call_id_is_unknown()
        => Assert.IsType<DialResult.Unknown>(Classify(HttpStatusCode.OK, new PlaceCallResponse { Status = 200 }));

    [Theory]
    [InlineData(HttpStatusCode.PaymentRequired, null, DialRefusal.OutOfBalance)]
    [InlineData(HttpStatusCode.OK, 402, DialRefusal.OutOfBalance)]
    [InlineData(HttpStatusCode.Unauthorized, null, DialRefusal.InvalidKey)]
    [InlineData(HttpStatusCode.OK, 401, DialRefusal.InvalidKey)]
    [InlineData(HttpStatusCode.BadRequest, null, DialRefusal.BadRequest)]
    [InlineData(HttpStatusCode.NotFound, null, DialRefusal.BadRequest)]
    [InlineData(HttpStatusCode.TooManyRequests, null, DialRefusal.RateLimited)]
    public void Refusals_mean_nobody_was_called(HttpStatusCode http, int? bodyStatus, DialRefusal expected)
    {
        var result = Assert.IsType<DialResult.NotPlaced>(Classify(http, new PlaceCallResponse { Status = bodyStatus }));

        Assert.Equal(expected, result.Refusal);
    }

    [Fact]
    public void Balance_message_counts_as_out_of_balance_whatever_the_code()
    {
        var result = Assert.IsType<DialResult.NotPlaced>(Classify(HttpStatusCode.OK, new PlaceCallResponse { Status = 400, Message = "Insufficient Balance" }));

        Assert.Equal(DialRefusal.OutOfBalance, result.Refusal);
    }

    [Theory]
    [InlineData(HttpStatusCode.InternalServerError)]
    [InlineData(HttpStatusCode.BadGateway)]
    [InlineData(HttpStatusCode.GatewayTimeout)]
    public void Server_errors_are_unknown(HttpStatusCode http)
        => Assert.IsType<DialResult.Unknown>(Classify(http, new PlaceCallResponse()));

    [Fact]
    public void Retry_after_of_a_429_is_kept()
    {
        var message = Answer(HttpStatusCode.TooManyRequests);
        message.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(90));
        var response = new ApiResponse<PlaceCallResponse>(message, new PlaceCallResponse(), new RefitSettings());

        var result = Assert.IsType<DialResult.NotPlaced>(RoboCallClient.ClassifyDial(response));

        Assert.Equal(TimeSpan.FromSeconds(90), result.RetryAfter);
    }

    [Fact]
    public void Connection_that_never_opened_is_not_placed_but_a_failure_after_sending_is_unknown()
    {
        var refused = new HttpRequestException(HttpRequestError.ConnectionError, "refused");
        var reset = new HttpRequestException(HttpRequestError.ResponseEnded, "reset");

        var notSent = Assert.IsType<DialResult.NotPlaced>(RoboCallClient.ClassifyDial(TransportFailure(refused)));
        Assert.Equal(DialRefusal.NotSent, notSent.Refusal);
        Assert.IsType<DialResult.Unknown>(RoboCallClient.ClassifyDial(TransportFailure(reset)));
        Assert.IsType<DialResult.Unknown>(RoboCallClient.ClassifyDial(TransportFailure(new TimeoutException())));
    }

    private static DialResult Classify(HttpStatusCode status, PlaceCallResponse body)
        => RoboCallClient.ClassifyDial(new ApiResponse<PlaceCallResponse>(Answer(status), body, new RefitSettings()));

    private static HttpResponseMessage Answer(HttpStatusCode status)
        => new(status) { RequestMessage = new HttpRequestMessage(HttpMethod.Get, "https://robocall.invalid/api/calls") };

    private static ApiResponse<PlaceCallResponse> TransportFailure(Exception inner)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "https://robocall.invalid/api/calls");
        var error = new ApiRequestException(request, HttpMethod.Get, new RefitSettings(), inner);
        return new ApiResponse<PlaceCallResponse>(request, null!, default!, new RefitSettings(), error);
    }
}
