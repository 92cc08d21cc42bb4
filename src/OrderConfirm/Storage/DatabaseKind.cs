namespace OrderConfirm.Storage;

public enum DatabaseKind
{
    Sqlite,
    PostgreSql,
}
