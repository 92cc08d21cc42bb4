using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OrderConfirm.IntegrationTests.Infrastructure;

/// The store's state changes as WooCommerce makes them (status transitions and their notes, meta upserts as
/// update_metadata stores them, new webhooks); every one is called under _gate.
public sealed partial class WooCommerceStoreStub
{
    private DateTime Now() => WooCommerceShopDates.Truncate(_clock.GetUtcNow());

    private long NextFreeOrderId()
    {
        while (_orders.ContainsKey(_nextOrderId))
        {
            _nextOrderId++;
        }

        return _nextOrderId++;
    }

    private WooCommerceShopOrder Existing(long id) => _orders.TryGetValue(id, out var order) ? order : throw new InvalidOperationException($"The store has no order {id}.");

    private WooCommerceShopWebhook ExistingWebhook(long id) => _webhooks.TryGetValue(id, out var hook) ? hook : throw new InvalidOperationException($"The store has no webhook {id}.");

    private WooCommerceShopWebhook ChangeWebhook(long id, Func<WooCommerceShopWebhook, WooCommerceShopWebhook> change)
    {
        lock (_gate)
        {
            var changed = change(ExistingWebhook(id)) with { DateModifiedGmt = Now() };
            _webhooks[id] = changed;
            return changed;
        }
    }

    private WooCommerceShopWebhook NewWebhook(string topic, string deliveryUrl, string? secret, string? name)
    {
        secret ??= GeneratePassword(50);
        LeakScan.Secret(secret);
        var now = Now();
        return new WooCommerceShopWebhook
        {
            Id = _nextWebhookId++,
            Name = name ?? "Webhook created on " + (now + SiteUtcOffset).ToString("MMM dd, yyyy @ hh:mm tt", CultureInfo.InvariantCulture),
            Status = "active",
            Topic = topic,
            DeliveryUrl = deliveryUrl,
            Secret = secret,
            DateCreatedGmt = now,
            PendingDelivery = true,
        };
    }

    // WC_Order::set_status + status_transition: a real change saves the order and adds "Order status changed from
    // X to Y." with the statuses' labels; completing sets date_completed, and (COD's payment-complete status being
    // completed) date_paid.
    private WooCommerceShopOrder ChangeStatus(WooCommerceShopOrder order, string status, string author)
    {
        var now = Now();
        var changed = order with { DateModifiedGmt = now };
        if (status != order.Status)
        {
            var paidNow = order.DatePaidGmt is null && (status == "completed" || (order.PaymentMethod != "cod" && status == "processing"));
            changed = changed with
            {
                Status = status,
                DateCompletedGmt = status == "completed" ? order.DateCompletedGmt ?? now : order.DateCompletedGmt,
                DatePaidGmt = paidNow ? now : order.DatePaidGmt,
            };
            AddNote(order.Id, author, $"Order status changed from {Label(order.Status)} to {Label(status)}.", customerNote: false);
        }

        _orders[order.Id] = changed;
        return changed;
    }

    private static string Label(string status) => StatusLabels.GetValueOrDefault(status, status);

    private WooCommerceShopNote AddNote(long orderId, string author, string text, bool customerNote)
    {
        var note = new WooCommerceShopNote(_nextNoteId++, orderId, author, Now(), text, customerNote);
        _notes[orderId].Add(note);
        return note;
    }

    // WC_Data::update_meta_data for each item, then save_meta_data: with an id the row with that id is changed (or a
    // new one added when the id is unknown); without, the first row with the key gets the value and any duplicates are
    // nulled; null rows are deleted on save. What comes back is the database's copy: scalars are strings, PHP arrays
    // come back as lists or objects.
    private List<WooCommerceShopMeta> UpsertMeta(IReadOnlyList<WooCommerceShopMeta> existing, IEnumerable<(string Key, JsonNode? Value, long? Id)> writes)
    {
        var rows = existing.Select(m => (Row: m, Value: (JsonNode?)JsonNode.Parse(m.Value.GetRawText()))).ToList();
        foreach (var (key, value, metaId) in writes)
        {
            var index = -1;
            if (metaId is > 0)
            {
                index = rows.FindIndex(r => r.Row.Id == metaId);
            }
            else
            {
                for (var i = 0; i < rows.Count; i++)
                {
                    if (rows[i].Row.Key == key)
                    {
                        index = index < 0 ? i : index;
                        rows[i] = (rows[i].Row, null);
                    }
                }
            }

            var stored = Stored(value);
            if (index >= 0)
            {
                rows[index] = (rows[index].Row with { Key = key }, stored);
            }
            else
            {
                rows.Add((new WooCommerceShopMeta(_nextMetaId++, key, default), stored));
            }
        }

        return [.. rows.Where(r => r.Value is not null).Select(r => r.Row with { Value = JsonSerializer.SerializeToElement(r.Value) })];
    }

    // update_metadata() stores scalars as strings (true as "1", false as ""), arrays serialized; null deletes.
    private static JsonNode? Stored(JsonNode? value) => value switch
    {
        null => null,
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.String => JsonValue.Create(v.GetValue<string>()),
            JsonValueKind.True => JsonValue.Create("1"),
            JsonValueKind.False => JsonValue.Create(""),
            JsonValueKind.Null => null,
            _ => JsonValue.Create(PhpNumberString(v)),
        },
        _ => PhpJson.ThroughPhpArray(value),
    };

    // PHP's (string) of a JSON number: integers as written, floats in shortest form ("1.0" decodes to a float that
    // prints as "1").
    private static string PhpNumberString(JsonValue number)
    {
        var text = number.ToJsonString();
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
        {
            return integer.ToString(CultureInfo.InvariantCulture);
        }

        return double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture).ToString("R", CultureInfo.InvariantCulture);
    }

    private static WooCommerceShopAddress WithAddress(WooCommerceShopAddress address, JsonObject posted)
    {
        string Field(string name, string current) => posted[name] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : current;
        return address with
        {
            FirstName = Field("first_name", address.FirstName),
            LastName = Field("last_name", address.LastName),
            Company = Field("company", address.Company),
            Address1 = Field("address_1", address.Address1),
            Address2 = Field("address_2", address.Address2),
            City = Field("city", address.City),
            State = Field("state", address.State),
            Postcode = Field("postcode", address.Postcode),
            Country = Field("country", address.Country),
            Email = address.Email is null ? null : Field("email", address.Email),
            Phone = Field("phone", address.Phone),
        };
    }

    private JsonObject NoteJson(WooCommerceShopNote note)
    {
        var self = $"{BaseUrl}{ApiRoot}/orders/{note.OrderId}/notes/{note.Id}";
        return new JsonObject
        {
            ["id"] = note.Id,
            ["author"] = note.Author,
            ["date_created"] = WooCommerceShopDates.Local(note.DateCreatedGmt, SiteUtcOffset),
            ["date_created_gmt"] = WooCommerceShopDates.Gmt(note.DateCreatedGmt),
            ["note"] = note.Note,
            ["customer_note"] = note.CustomerNote,
            ["_links"] = new JsonObject
            {
                ["self"] = new JsonArray(new JsonObject { ["href"] = self, ["targetHints"] = new JsonObject { ["allow"] = new JsonArray("GET", "DELETE") } }),
                ["collection"] = new JsonArray(new JsonObject { ["href"] = $"{BaseUrl}{ApiRoot}/orders/{note.OrderId}/notes" }),
                ["up"] = new JsonArray(new JsonObject { ["href"] = $"{BaseUrl}{ApiRoot}/orders/{note.OrderId}" }),
            },
        };
    }
}
