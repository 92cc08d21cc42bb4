using System.ComponentModel.DataAnnotations;

namespace OrderConfirm.Storage;

public sealed class StorageOptions
{
    public const string Section = "Storage";

    // Embedded database file, used when ConnectionStrings:OrderConfirm is empty.
    [Required]
    public string SqlitePath { get; set; } = "data/orderconfirm.db";

    [Required]
    public string HangfireSchema { get; set; } = "hangfire";
}
