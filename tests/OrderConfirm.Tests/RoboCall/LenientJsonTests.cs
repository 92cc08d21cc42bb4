using System.Text.Json;
using OrderConfirm.RoboCall;

namespace OrderConfirm.Tests.RoboCall;

public sealed class LenientJsonTests
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    [Fact]
    public void Documented_calls_answer_is_read()
    {
        var response = Read<PlaceCallResponse>("""
            {"status":"200","message":"Call Data inserted successfully","data":{"call_id":"98765","call_to":"923001234567","amount":"1500","voice_id":"102"},"api_response":"Ok 200"}
            """);

        Assert.Equal(200, response.Status);
        Assert.Equal(200, response.BodyStatus);
        Assert.Equal("98765", response.Data!.CallId);
    }

    [Theory]
    [InlineData("""{"status":200,"data":{"call_id":98765}}""", 200, "98765")]
    [InlineData("""{"status":" 200 ","data":{"call_id":" 98765 "}}""", 200, "98765")]
    [InlineData("""{"status":"200","data":[]}""", 200, null)]
    [InlineData("""{"status":"200","data":""}""", 200, null)]
    [InlineData("""{"status":"abc","data":{"call_id":null}}""", null, null)]
    [InlineData("""{"code":"402","message":"Insufficient balance"}""", 402, null)]
    [InlineData("""{"status":{"nested":1},"data":{"call_id":""}}""", null, null)]
    public void Calls_answer_variants_never_throw(string json, int? status, string? callId)
    {
        var response = Read<PlaceCallResponse>(json);

        Assert.Equal(status, response.BodyStatus);
        Assert.Equal(callId, response.Data?.CallId);
    }

    [Fact]
    public void Documented_get_call_answer_is_read()
    {
        var response = Read<CallStatusResponse>("""
            {"data":{"call_id":20076,"call_to":"923001234567","call_status":2,"dtmf":1,"retry":1,"amount":"1500","voice_id":"102","text1":"My Store","text2":"ORD12345","call_charges":"6.90","created_at":1729323834,"updated_at":1729323834},"code":"200","response":"Code Executed Successfully"}
            """);

        Assert.Equal(200, response.Code);
        Assert.Null(response.Status);
        Assert.Equal(200, response.BodyStatus); // get_call reports in "code", not "status"
        Assert.Equal("20076", response.Data!.CallId);
        Assert.Equal(2, response.Data.CallStatus);
        Assert.Equal(1, response.Data.Dtmf);
        Assert.Equal(1, response.Data.Retry);
    }

    [Theory]
    [InlineData("""{"data":{"call_status":"4","dtmf":null,"retry":"3"}}""", 4, null, 3)]
    [InlineData("""{"data":{"call_status":2,"dtmf":"","retry":0}}""", 2, null, 0)]
    [InlineData("""{"data":{"call_status":2,"dtmf":"1"}}""", 2, 1, null)]
    [InlineData("""{"data":{"call_status":2.0,"dtmf":3.0}}""", 2, 3, null)]
    [InlineData("""{"data":{"call_status":"2.5"}}""", null, null, null)]
    public void Get_call_numbers_arrive_as_numbers_or_strings(string json, int? status, int? dtmf, int? retry)
    {
        var data = Read<CallStatusResponse>(json).Data!;

        Assert.Equal(status, data.CallStatus);
        Assert.Equal(dtmf, data.Dtmf);
        Assert.Equal(retry, data.Retry);
    }

    [Fact]
    public void Balance_and_key_answers_are_read()
    {
        var balance = Read<BalanceResponse>("""{"status":200,"data":{"balance":"2682.00","username":"demo","call_rate":"5.50"}}""");
        var rejected = Read<VerifyKeyResponse>("""{"status":401,"response":"API Key not matched"}""");

        Assert.Equal(2682.00m, balance.Data!.Balance);
        Assert.Equal(5.50m, balance.Data.CallRate);
        Assert.Equal(200, balance.Status);
        Assert.Equal(401, rejected.Status);
        Assert.Equal("API Key not matched", rejected.Response);
    }

    [Fact]
    public void A_call_is_affordable_only_with_a_known_balance_above_the_rate()
    {
        Assert.True(new BalanceResult(true, 2682m, 5.5m, "ok").CanAffordACall);
        Assert.False(new BalanceResult(true, 0m, 5.5m, "ok").CanAffordACall);
        Assert.False(new BalanceResult(true, 5m, 5.5m, "ok").CanAffordACall);
        Assert.False(new BalanceResult(true, null, 5.5m, "ok").CanAffordACall);
        Assert.False(new BalanceResult(false, 100m, 1m, "timed out").CanAffordACall);
    }

    private static T Read<T>(string json) => JsonSerializer.Deserialize<T>(json, Web)!;
}
