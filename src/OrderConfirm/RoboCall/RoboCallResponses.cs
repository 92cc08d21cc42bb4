using System.Text.Json.Serialization;

namespace OrderConfirm.RoboCall;

// The fields every Robo Call answer may carry. Which ones appear differs per endpoint, and each may be a number or a
// string: calls sends "status":"200", get_call "code":"200", check_balance and user_verify "status":200.
public abstract record RoboCallEnvelope
{
    [JsonPropertyName("status")]
    [JsonConverter(typeof(LenientInt32Converter))]
    public int? Status { get; init; }

    [JsonPropertyName("code")]
    [JsonConverter(typeof(LenientInt32Converter))]
    public int? Code { get; init; }

    [JsonPropertyName("message")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? Message { get; init; }

    [JsonPropertyName("response")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? Response { get; init; }

    // The status Robo Call reports inside the body, wherever it put it.
    [JsonIgnore]
    public int? BodyStatus => Status ?? Code;
}

// GET calls → {"status":"200","message":"Call Data inserted successfully","data":{"call_id":"…", …},"api_response":"Ok 200"}
public sealed record PlaceCallResponse : RoboCallEnvelope
{
    [JsonPropertyName("data")]
    [JsonConverter(typeof(ObjectOrNullConverter<PlacedCall>))]
    public PlacedCall? Data { get; init; }
}

public sealed record PlacedCall
{
    [JsonPropertyName("call_id")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? CallId { get; init; }
}

// GET get_call → {"data":{"call_id":20076,"call_status":2,"dtmf":1,"retry":1,…},"code":"200","response":"…"}
public sealed record CallStatusResponse : RoboCallEnvelope
{
    [JsonPropertyName("data")]
    [JsonConverter(typeof(ObjectOrNullConverter<CallStatusData>))]
    public CallStatusData? Data { get; init; }
}

public sealed record CallStatusData
{
    [JsonPropertyName("call_id")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? CallId { get; init; }

    [JsonPropertyName("call_status")]
    [JsonConverter(typeof(LenientInt32Converter))]
    public int? CallStatus { get; init; }

    [JsonPropertyName("dtmf")]
    [JsonConverter(typeof(LenientInt32Converter))]
    public int? Dtmf { get; init; }

    [JsonPropertyName("retry")]
    [JsonConverter(typeof(LenientInt32Converter))]
    public int? Retry { get; init; }
}

// GET check_balance → {"status":200,"data":{"balance":"2682.00","username":"demo","call_rate":"5.50"}}
public sealed record BalanceResponse : RoboCallEnvelope
{
    [JsonPropertyName("data")]
    [JsonConverter(typeof(ObjectOrNullConverter<BalanceData>))]
    public BalanceData? Data { get; init; }
}

public sealed record BalanceData
{
    [JsonPropertyName("balance")]
    [JsonConverter(typeof(LenientDecimalConverter))]
    public decimal? Balance { get; init; }

    [JsonPropertyName("call_rate")]
    [JsonConverter(typeof(LenientDecimalConverter))]
    public decimal? CallRate { get; init; }
}

// GET user_verify → {"status":200,"response":"API matched"} / {"status":401,"response":"API Key not matched"}
public sealed record VerifyKeyResponse : RoboCallEnvelope;
