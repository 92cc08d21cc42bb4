using System.Text.Json.Serialization;

namespace OrderConfirm.WooCommerce;

// PUT orders/{id}: only the fields we change (WooCommerce applies every writable field it is sent).
public sealed record WooCommerceOrderUpdate(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Status,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<WooCommerceMetaWrite>? MetaData);

// Without an id WooCommerce upserts by key.
public sealed record WooCommerceMetaWrite(string Key, string Value);

// POST orders/{id}/notes: internal notes only (customer_note true would email the customer).
public sealed record WooCommerceOrderNoteCreate(string Note, bool CustomerNote = false, bool AddedByUser = false);

public sealed record WooCommerceOrderNote(long Id, string? Note, bool CustomerNote, string? DateCreatedGmt);

// GET orders: the reconciliation's window, oldest change first.
public sealed record WooCommerceOrderQuery(
    [property: Refit.AliasAs("modified_after")] string? ModifiedAfter,
    [property: Refit.AliasAs("dates_are_gmt")] bool DatesAreGmt,
    [property: Refit.AliasAs("page")] int Page,
    [property: Refit.AliasAs("per_page")] int PerPage,
    [property: Refit.AliasAs("orderby")] string OrderBy = "modified",
    [property: Refit.AliasAs("order")] string Order = "asc");
