using System.Text.Json;
using System.Text.Json.Nodes;
using OrderConfirm.Sms;
using OrderConfirm.Stores;
using OrderConfirm.Tests.StoreAdmin;
using OrderConfirm.Verification;
using OrderConfirm.WooCommerce;

namespace OrderConfirm.Tests.Stores;

/// A store's settings are one flat object on the wire and in the database; each feature reads its own section.
public sealed class StoreSettingsTests
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    [Fact]
    public void Each_feature_reads_its_own_fields_from_the_one_flat_object()
    {
        var settings = Parse("""{ "callDelay": "00:05:00", "smsLanguage": "ur", "holdAtIntake": false, "reattemptOn": ["no-input"] }""");

        Assert.Equal(TimeSpan.FromMinutes(5), settings.Section<CallSettings>().CallDelay);
        Assert.Equal(["no-input"], settings.Section<CallSettings>().ReattemptOn);
        Assert.Equal("ur", settings.Section<SmsSettings>().SmsLanguage);
        Assert.False(settings.Section<WooCommerceSettings>().HoldAtIntake);
        Assert.Null(settings.Section<WooCommerceSettings>().QueryStringAuth);
        Assert.Equal(["cod"], settings.Section<WooCommerceSettings>().CodMethods);
    }

    [Fact]
    public void A_patch_replaces_what_it_sets_keeps_what_it_leaves_out_and_blank_goes_back_to_the_default()
    {
        var stored = Parse("""{ "callDelay": "00:05:00", "callingHours": "10:00-20:00", "timeZone": "Asia/Karachi", "outcomeStatuses": { "confirmed": "ready" } }""");
        var patch = Parse("""{ "callingHours": "", "callDelay": "00:01:00", "outcomeStatuses": { "unreachable": "" }, "smsLanguage": null }""");

        var merged = stored.With(patch).ToJson();

        Assert.Equal("00:01:00", (string?)merged["callDelay"]);
        Assert.False(merged.ContainsKey("callingHours"));
        Assert.Equal("Asia/Karachi", (string?)merged["timeZone"]);
        Assert.Equal("""{"unreachable":""}""", merged["outcomeStatuses"]!.ToJsonString()); // replaced whole; "" inside stays
        Assert.False(merged.ContainsKey("smsLanguage")); // null is "not given"
    }

    [Fact]
    public void Sms_templates_merge_event_by_event_and_blank_removes_one()
    {
        var rules = new SmsSettingsRules();
        var stored = Parse("""{ "smsTemplates": { "received": "Hi {store}", "confirmed": "Yes {order}" } }""");

        var merged = stored.With(Parse("""{ "smsTemplates": { "confirmed": "", "cancelled": "No {order}" } }"""), rules.Merge).Section<SmsSettings>();
        var emptied = stored.With(Parse("""{ "smsTemplates": { "received": "", "confirmed": "" } }"""), rules.Merge);

        Assert.Equal(new Dictionary<string, string> { ["received"] = "Hi {store}", ["cancelled"] = "No {order}" }, merged.SmsTemplates);
        Assert.False(emptied.ToJson().ContainsKey("smsTemplates"));
    }

    [Fact]
    public void A_value_of_the_wrong_kind_is_named_by_its_field()
    {
        var errors = StoreRules.Validate(new StoreRequest { Name = "A", Platform = "custom", Settings = Parse("""{ "reattempts": "two", "holdAtIntake": "no", "smsLanguage": "ur" }""") }, null);

        Assert.Equal(["settings.holdAtIntake", "settings.reattempts"], errors.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Stored_nulls_are_fields_not_set_and_the_stored_form_leaves_them_out()
    {
        var settings = Parse("""{ "callDelay": null, "minAmount": 100 }""");

        Assert.Equal("""{"minAmount":100}""", JsonSerializer.Serialize(settings));
        Assert.Equal("""{"minAmount":100}""", JsonSerializer.Serialize(StoreSettings.Of(new CallSettings { MinAmount = 100 })));
    }

    [Fact]
    public void The_api_shows_every_field_of_every_section_with_null_for_the_default()
    {
        var shown = new JsonObject();
        foreach (var section in StoreRules.SettingsRules.Select(r => r.Section(Parse("""{ "smsLanguage": "both" }"""))))
        {
            foreach (var (name, value) in JsonSerializer.SerializeToNode(section, section.GetType(), Web)!.AsObject())
            {
                shown[name] = value?.DeepClone();
            }
        }

        string[] fields =
        [
            "callDelay", "pollInterval", "giveUpAfter", "callingHours", "timeZone", "reattempts", "reattemptAfter", "reattemptOn", "noAnswerPolicy",
            "minAmount", "maxAmount", "smsLanguage", "smsEvents", "smsTemplates", "codGatewayNames", "skipTestOrders", "codPaymentMethods",
            "holdAtIntake", "queryStringAuth", "outcomeStatuses", "roboCallWarnBelow", "smsWarnBelow",
        ];
        Assert.Equal(fields.Order(StringComparer.Ordinal), shown.Select(f => f.Key).Order(StringComparer.Ordinal));
        Assert.Equal("both", (string?)shown["smsLanguage"]);
        Assert.Null(shown["callDelay"]);
    }

    [Fact]
    public void Blank_puts_a_duration_or_a_number_back_to_its_default_too()
    {
        var stored = Parse("""{ "callDelay": "00:05:00", "reattempts": 3, "reattemptOn": ["no-input"], "roboCallWarnBelow": 500 }""");
        var patch = Parse("""{ "callDelay": "", "reattempts": "", "reattemptOn": "", "roboCallWarnBelow": "" }""");

        var errors = StoreRules.Validate(new StoreRequest { Settings = patch }, new Store { Id = 1, Name = "A", Platform = "custom" });
        var merged = stored.With(patch);

        Assert.Empty(errors.ToDictionary());
        Assert.Equal("{}", merged.ToJson().ToJsonString());
        Assert.Null(patch.Section<CallSettings>().CallDelay);
    }

    private static StoreSettings Parse(string json) => JsonSerializer.Deserialize<StoreSettings>(json)!;
}
