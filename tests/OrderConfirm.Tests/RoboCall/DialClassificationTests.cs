using System.Net;
using OrderConfirm.Toolkit;
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

    [Theory]
    [InlineData(HttpStatusCode.BadRequest, null)]
    [InlineData(HttpStatusCode.OK, 400)]
    [InlineData(HttpStatusCode.UnprocessableEntity, null)]
    public void A_refusal_that_names_the_balance_is_out_of_balance(HttpStatusCode http, int? bodyStatus)
    {
        var result = Assert.IsType<DialResult.NotPlaced>(Classify(http, new PlaceCallResponse { Status = bodyStatus, Message = "Insufficient Balance" }));

        Assert.Equal(DialRefusal.OutOfBalance, result.Refusal);
    }

    [Theory]
    [InlineData(HttpStatusCode.BadRequest, DialRefusal.OutOfBalance)]
    [InlineData(HttpStatusCode.Forbidden, DialRefusal.InvalidKey)]
    public async Task The_body_of_an_http_error_is_read_too(HttpStatusCode http, DialRefusal expected)
    {
        var answer = Answer(http);
        answer.Content = new StringContent("{\"status\":400,\"message\":\"Insufficient Balance\"}", System.Text.Encoding.UTF8, "application/json");
        var settings = new RefitSettings();
        var error = await ApiException.Create(answer.RequestMessage!, HttpMethod.Get, answer, settings);

        var result = Assert.IsType<DialResult.NotPlaced>(RoboCallClient.ClassifyDial(new ApiResponse<PlaceCallResponse>(answer, null, settings, error)));

        Assert.Equal(expected, result.Refusal);
    }

    [Fact]
    public async Task An_http_server_error_whose_body_mentions_the_balance_is_unknown()
    {
        var answer = Answer(HttpStatusCode.InternalServerError);
        answer.Content = new StringContent("{\"status\":500,\"message\":\"Insufficient Balance\"}", System.Text.Encoding.UTF8, "application/json");
        var settings = new RefitSettings();
        var error = await ApiException.Create(answer.RequestMessage!, HttpMethod.Get, answer, settings);

        Assert.IsType<DialResult.Unknown>(RoboCallClient.ClassifyDial(new ApiResponse<PlaceCallResponse>(answer, null, settings, error)));
    }

    [Theory]
    [InlineData(HttpStatusCode.InternalServerError, null)]
    [InlineData(HttpStatusCode.OK, 500)]
    [InlineData(HttpStatusCode.ServiceUnavailable, null)]
    public void A_server_error_that_mentions_the_balance_is_still_unknown(HttpStatusCode http, int? bodyStatus)
        => Assert.IsType<DialResult.Unknown>(Classify(http, new PlaceCallResponse { Status = bodyStatus, Message = "Balance service error", Response = "balance" }));

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
    public void Only_a_dial_the_send_guard_saw_never_leave_is_not_placed()
    {
        var refused = new HttpRequestException(HttpRequestError.ConnectionError, "refused");
        var notSent = new RequestNotSentException(HttpRequestError.ConnectionError, refused);
        var reset = new HttpRequestException(HttpRequestError.ResponseEnded, "reset");

        var result = Assert.IsType<DialResult.NotPlaced>(RoboCallClient.ClassifyDial(TransportFailure(notSent)));
        Assert.Equal(DialRefusal.NotSent, result.Refusal);

        // A bare connection error may come from the pool's own re-send of a request the server had already read.
        Assert.IsType<DialResult.Unknown>(RoboCallClient.ClassifyDial(TransportFailure(refused)));
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
