namespace OrderConfirm.Storage;

// Times are stored as Unix milliseconds (bigint) so the same SQL compares and sorts them on SQLite and PostgreSQL.
public static class UnixTime
{
    public static long ToMs(this DateTimeOffset value) => value.ToUnixTimeMilliseconds();

    public static DateTimeOffset FromMs(long value) => DateTimeOffset.FromUnixTimeMilliseconds(value);

    public static DateTimeOffset? FromMs(long? value) => value is { } v ? DateTimeOffset.FromUnixTimeMilliseconds(v) : null;
}
