using OrderConfirm.Toolkit;

namespace OrderConfirm.Platforms;

/// What asking the shop with a store's credentials came to: connected to the shop (its name as the shop gives it), or
/// what is wrong, in words for the store owner (a refused token, an unreachable host, an address the guard refuses).
public sealed record ShopConnectionCheck(bool Connected, string? ShopName, string? Problem)
{
    public static ShopConnectionCheck To(string shopName) => new(true, shopName, null);

    /// The answer that was not Ok, in words: whether to fix the credentials, the address, or try again later.
    public static ShopConnectionCheck Failed<T>(ShopAnswer<T> answer) => new(false, null, answer switch
    {
        ShopAnswer<T>.Refused refused => refused.Reason,
        ShopAnswer<T>.TryLater later => $"The shop could not be reached or did not answer ({later.Reason}). Check the address, or try again later.",
        ShopAnswer<T>.NotFound notFound => $"The shop's API was not found at this address ({notFound.Code}).",
        ShopAnswer<T>.Failed failed => failed.Reason,
        _ => "The shop gave an answer that was not expected.",
    });
}
