using OrderConfirm.Sms;
using OrderConfirm.Sms.RoboSmsPk;

namespace OrderConfirm.Tests.Sms;

/// Robo SMS (PK) documents status codes but no bodies: every shape we can imagine is read, and only a readable answer
/// is a definite one.
public sealed class RoboSmsPkAnswersTests
{
    [Theory]
    [InlineData("""{"status":"success","message_id":"m-1","segments":2,"cost":"3.00"}""", "m-1", 2, 3.00)]
    [InlineData("""{"status":200,"data":{"id":123,"sms_count":"1","cost":1.5}}""", "123", 1, 1.5)]
    [InlineData("""{"data":[{"msg_id":"a"},{"msg_id":"b"}]}""", "a", null, null)]
    [InlineData("""{"message":"Message sent"}""", null, null, null)]
    public void A_readable_success_is_sent(string body, string? id, int? segments, double? cost)
    {
        var sent = Assert.IsType<SmsSendResult.Sent>(RoboSmsPkAnswers.ClassifySend(200, body, null));

        Assert.Equal((id, segments, (decimal?)cost), (sent.ProviderMessageId, sent.Segments, sent.Cost));
    }

    [Theory]
    [InlineData("")]
    [InlineData("OK")]
    [InlineData("<html></html>")]
    [InlineData("\"sent\"")]
    [InlineData("""{"status":"error","message":"something went wrong"}""")]
    [InlineData("""{"success":false}""")]
    [InlineData("""{"status":"500","message":"Insufficient balance"}""")]
    public void A_success_that_cannot_be_read_or_reports_an_unnamed_failure_is_unknown(string body)
        => Assert.IsType<SmsSendResult.Unknown>(RoboSmsPkAnswers.ClassifySend(200, body, null));

    [Theory]
    [InlineData(400, """{"message":"Missing parameters: to"}""", SmsRefusal.BadRequest)]
    [InlineData(400, """{"error":"Invalid recipient number"}""", SmsRefusal.InvalidNumber)]
    [InlineData(400, """{"errors":["Sender ID not allowed"]}""", SmsRefusal.InvalidSender)]
    [InlineData(400, """{"message":"Insufficient balance"}""", SmsRefusal.OutOfBalance)]
    [InlineData(404, "Not Found", SmsRefusal.BadRequest)]
    [InlineData(401, "", SmsRefusal.InvalidKey)]
    [InlineData(403, "{}", SmsRefusal.InvalidKey)]
    [InlineData(402, "", SmsRefusal.OutOfBalance)]
    [InlineData(200, """{"status":"401","message":"Invalid API key"}""", SmsRefusal.InvalidKey)]
    [InlineData(200, """{"success":false,"message":"Invalid mobile number"}""", SmsRefusal.InvalidNumber)]
    public void Refusals_are_definite(int status, string body, SmsRefusal expected)
        => Assert.Equal(expected, Assert.IsType<SmsSendResult.NotSent>(RoboSmsPkAnswers.ClassifySend(status, body, null)).Refusal);

    [Theory]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(503)]
    [InlineData(408)]
    public void A_server_error_may_have_sent(int status)
        => Assert.IsType<SmsSendResult.Unknown>(RoboSmsPkAnswers.ClassifySend(status, """{"message":"Invalid number, insufficient balance"}""", null));

    [Fact]
    public void Rate_limit_keeps_retry_after_from_the_header_or_the_body()
    {
        Assert.Equal(TimeSpan.FromSeconds(30), Assert.IsType<SmsSendResult.NotSent>(RoboSmsPkAnswers.ClassifySend(429, "", TimeSpan.FromSeconds(30))).RetryAfter);
        Assert.Equal(TimeSpan.FromSeconds(60), Assert.IsType<SmsSendResult.NotSent>(RoboSmsPkAnswers.ClassifySend(429, """{"retry_after":"60"}""", null)).RetryAfter);
    }

    [Theory]
    [InlineData("""{"balance":250}""", 250)]
    [InlineData("""{"balance":"1,250.50"}""", 1250.50)]
    [InlineData("""{"status":"success","data":{"balance":"99.5"}}""", 99.5)]
    [InlineData("""{"data":{"sms_balance":"1000"}}""", 1000)]
    public void Balance_is_read_as_number_or_string_at_the_top_or_in_data(string body, double expected)
    {
        var result = RoboSmsPkAnswers.ClassifyBalance(200, body);

        Assert.True(result.Succeeded);
        Assert.Equal((decimal)expected, result.Balance);
    }

    [Theory]
    [InlineData(200, "nope", false)]
    [InlineData(200, """{"status":"ok"}""", false)]
    [InlineData(500, "{}", false)]
    [InlineData(401, "{}", true)]
    [InlineData(200, """{"status":403}""", true)]
    public void Balance_that_cannot_be_read_fails(int status, string body, bool invalidKey)
    {
        var result = RoboSmsPkAnswers.ClassifyBalance(status, body);

        Assert.False(result.Succeeded);
        Assert.Equal(invalidKey, result.InvalidKey);
    }
}
