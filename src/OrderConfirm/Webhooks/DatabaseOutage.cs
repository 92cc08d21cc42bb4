using System.Data.Common;
using Npgsql;

namespace OrderConfirm.Webhooks;

// "The database is unreachable right now", as opposed to "this delivery cannot be applied": the first must not cost a
// delivery an attempt or push it hours out, because nothing is wrong with the delivery.
internal static class DatabaseOutage
{
    public static bool IsCause(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            var outage = e switch
            {
                // 08: connection exceptions; 57P: the server is shutting down, crashed or still starting.
                PostgresException pg => pg.IsTransient || pg.SqlState.StartsWith("08", StringComparison.Ordinal) || pg.SqlState.StartsWith("57P", StringComparison.Ordinal),
                DbException db => db.IsTransient,
                _ => false,
            };
            if (outage)
            {
                return true;
            }
        }

        return false;
    }
}
