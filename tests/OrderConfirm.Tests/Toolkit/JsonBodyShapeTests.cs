using System.Text.Json;
using System.Text.Json.Serialization;
using OrderConfirm.Toolkit;

namespace OrderConfirm.Tests.Toolkit;

public sealed class JsonBodyShapeTests
{
    private static readonly JsonBodyShape Shape = new(new JsonSerializerOptions(JsonSerializerDefaults.Web), [new FlatFields()]);

    [Theory]
    [InlineData("api_key", "apiKey")]
    [InlineData("ApiKey", "apiKey")]
    [InlineData("API-KEY", "apiKey")]
    [InlineData("custmerName", "customerName")]
    [InlineData("customerNmae", "customerName")]
    [InlineData("enable", "enabled")]
    [InlineData("phone_number", "phone")]
    [InlineData("customer", "customerName")]
    public void A_close_name_is_found(string typed, string meant)
        => Assert.Equal(meant, CloseMatch.Find(typed, ["apiKey", "customerName", "enabled", "voiceId", "phone"]));

    [Theory]
    [InlineData("colour")]
    [InlineData("id")]
    [InlineData("key")]
    public void A_name_unlike_every_known_one_has_no_match(string typed)
        => Assert.Null(CloseMatch.Find(typed, ["apiKey", "customerName", "enabled", "voiceId"]));

    [Fact]
    public void Unknown_fields_are_named_by_their_path_at_every_depth()
    {
        var errors = Check("""{ "nmae": "A", "inner": { "api_key": "K", "zzz": 1 }, "flat": { "delay": "00:01:00", "colour": 1 } }""");

        Assert.Equal(["unknown field; did you mean name?"], errors["nmae"]);
        Assert.Equal(["unknown field; did you mean apiKey?"], errors["inner.api_key"]);
        Assert.Equal(["unknown field; the fields here are: apiKey, count."], errors["inner.zzz"]);
        Assert.StartsWith("unknown field;", errors["flat.colour"][0], StringComparison.Ordinal);
        Assert.Equal(4, errors.Count);
    }

    [Fact]
    public void Names_in_another_case_are_the_same_field_as_when_the_body_is_read()
        => Assert.Empty(Check("""{ "Name": "A", "INNER": { "ApiKey": "K" }, "flat": { "Delay": "00:01:00" } }"""));

    [Fact]
    public void Values_of_the_wrong_kind_say_what_was_expected()
    {
        var errors = Check("""{ "amount": "4,999", "enabled": "yes", "inner": { "count": 1.5 }, "tags": "a", "flat": { "delay": 5 }, "name": 12 }""");

        Assert.StartsWith("expected a number such as 4999.50", errors["amount"][0], StringComparison.Ordinal);
        Assert.Equal(["expected true or false, without quotes"], errors["enabled"]);
        Assert.Equal(["expected a whole number such as 3"], errors["inner.count"]);
        Assert.Equal(["expected a list such as [ … ]"], errors["tags"]);
        Assert.Equal(["expected a duration such as \"00:05:00\" (hh:mm:ss)"], errors["flat.delay"]);
        Assert.Equal(["expected text in quotes, such as \"5551001\""], errors["name"]);
    }

    [Fact]
    public void What_the_body_reader_accepts_passes()
        => Assert.Empty(Check("""{ "amount": "4999.50", "orderId": 5551001, "tags": ["a"], "words": { "en": "x" }, "inner": null, "flat": { "delay": null } }"""));

    [Fact]
    public void A_body_that_is_not_an_object_is_named_at_the_root()
        => Assert.Equal(["expected an object { … }"], Check("[1]")["$"]);

    private static Dictionary<string, string[]> Check(string json)
    {
        using var document = JsonDocument.Parse(json);
        return Shape.Check(document.RootElement, typeof(Body));
    }

    private sealed record Body(
        string? Name,
        [property: JsonConverter(typeof(NumberAsText))] string? OrderId,
        decimal? Amount,
        bool? Enabled,
        Inner? Inner,
        IReadOnlyList<string>? Tags,
        IReadOnlyDictionary<string, string>? Words,
        Flat? Flat);

    private sealed record Inner(string? ApiKey, int? Count);

    [JsonConverter(typeof(FlatConverter))]
    private sealed class Flat;

    private sealed record FlatSection(TimeSpan? Delay, string? Mode);

    private sealed class FlatFields : IJsonObjectFields
    {
        public Type ObjectType => typeof(Flat);

        public IEnumerable<Type> FieldTypes => [typeof(FlatSection)];
    }

    private sealed class FlatConverter : JsonConverter<Flat>
    {
        public override Flat Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            reader.Skip();
            return new Flat();
        }

        public override void Write(Utf8JsonWriter writer, Flat value, JsonSerializerOptions options) => writer.WriteNullValue();
    }
}
