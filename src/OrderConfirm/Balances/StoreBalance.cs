namespace OrderConfirm.Balances;

/// GET /api/stores/{id}/balance: what the store's Robo Call account and SMS gateways have left, read now.
public sealed record StoreBalance(DateTimeOffset CheckedAt, RoboCallBalance RoboCall, IReadOnlyList<SmsGatewayBalance> Sms);

// keySource as in the store view ("store", "default", "none"); Balance in PKR; CallsLeft = balance / call rate.
public sealed record RoboCallBalance(
    string KeySource, bool Read, decimal? Balance, decimal? CallRate, int? CallsLeft, decimal WarnBelow, bool Low, string Detail);

// Slot "primary" (sms.provider) or "fallback" (sms.fallbackProvider). Read false with Unreadable true: the gateway has
// no balance endpoint to ask. Paused: the gateway ran out of balance for this store and its SMS wait.
public sealed record SmsGatewayBalance(
    string Slot, string Provider, bool Read, bool Unreadable, decimal? Balance, string? Unit, decimal WarnBelow, bool Low, bool Paused, string Detail);
