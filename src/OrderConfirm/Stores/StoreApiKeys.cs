using System.Security.Cryptography;
using System.Text;
using Dapper;
using OrderConfirm.Security;
using OrderConfirm.Storage;

namespace OrderConfirm.Stores;

/// A store's own API key (a custom shop's, see docs/custom-shops.md): 256 random bits from the CSPRNG, shown once when
/// it is issued. Only its SHA-256 is stored, so a copy of the database holds no working key; a plain hash is enough
/// because the key is random, not a password. The first characters (prefix) are not secret: they find the row and
/// are shown on the store so an operator can tell keys apart. Issuing a new key replaces the row: the old key is
/// refused from that moment on, with no grace period.
public sealed class StoreApiKeys(Database database, TimeProvider clock) : IStoreKeyLookup
{
    public const string Scheme = IStoreKeyLookup.Scheme;

    // Characters of the random part kept in the prefix: 48 of the 256 bits, enough to make a lookup collision rare.
    private const int PrefixChars = 8;

    /// Makes a new key for the store, replacing any it had, and returns it: the only time it is seen.
    public async Task<IssuedStoreKey> IssueAsync(long storeId, CancellationToken cancellationToken)
    {
        var key = Scheme + Base64Url(RandomNumberGenerator.GetBytes(32));
        var prefix = key[..(Scheme.Length + PrefixChars)];
        var now = clock.GetUtcNow();
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            insert into store_api_keys (store_id, prefix, key_hash, created_at) values (@storeId, @prefix, @hash, @now)
            on conflict (store_id) do update set prefix = excluded.prefix, key_hash = excluded.key_hash, created_at = excluded.created_at
            """,
            new { storeId, prefix, hash = Hash(key), now = now.ToMs() },
            cancellationToken: cancellationToken));
        return new IssuedStoreKey(storeId, key, prefix, now);
    }

    /// The store a presented key belongs to, or null for a key that is unknown, replaced or malformed.
    public async Task<long?> FindStoreAsync(string presented, CancellationToken cancellationToken)
    {
        if (!presented.StartsWith(Scheme, StringComparison.Ordinal) || presented.Length < Scheme.Length + PrefixChars || presented.Length > 200)
        {
            return null;
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<(long StoreId, string KeyHash)?>(new CommandDefinition(
            "select store_id, key_hash from store_api_keys where prefix = @prefix",
            new { prefix = presented[..(Scheme.Length + PrefixChars)] },
            cancellationToken: cancellationToken));
        if (row is not { } found)
        {
            return null;
        }

        // Constant time, so the comparison does not tell how much of a guessed key was right.
        var matches = CryptographicOperations.FixedTimeEquals(Convert.FromHexString(found.KeyHash), SHA256.HashData(Encoding.UTF8.GetBytes(presented)));
        return matches ? found.StoreId : null;
    }

    /// What may be shown of the store's key (its prefix and age), or null when it has none.
    public async Task<StoreKeyView?> DescribeAsync(long storeId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<(string Prefix, long CreatedAt)?>(new CommandDefinition(
            "select prefix, created_at from store_api_keys where store_id = @storeId", new { storeId }, cancellationToken: cancellationToken));
        return row is { } found ? new StoreKeyView(found.Prefix, UnixTime.FromMs(found.CreatedAt)) : null;
    }

    private static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

/// A key as issued: ApiKey is shown once and never stored.
public sealed record IssuedStoreKey(long StoreId, string ApiKey, string Prefix, DateTimeOffset CreatedAt);

/// What the API shows of a store's key.
public sealed record StoreKeyView(string Prefix, DateTimeOffset CreatedAt);
