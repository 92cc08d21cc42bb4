using System.Xml.Linq;
using Dapper;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace OrderConfirm.Storage;

/// Keeps ASP.NET Core's data-protection key ring (used for the dashboard's antiforgery tokens) in our database, so
/// every web instance behind a load balancer accepts the tokens the others issued, and a restart keeps them valid.
public sealed class DatabaseXmlRepository(Database database, TimeProvider clock) : IXmlRepository
{
    // Data protection calls these synchronously, rarely (start-up and key rotation).
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var connection = database.OpenAsync(CancellationToken.None).GetAwaiter().GetResult();
        var rows = connection.QueryAsync<string>(new CommandDefinition("select xml from data_protection_keys order by created_at")).GetAwaiter().GetResult();
        return rows.Select(XElement.Parse).ToList();
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        using var connection = database.OpenAsync(CancellationToken.None).GetAwaiter().GetResult();
        connection.ExecuteAsync(new CommandDefinition(
            "insert into data_protection_keys (friendly_name, xml, created_at) values (@friendlyName, @xml, @now) on conflict (friendly_name) do nothing",
            new { friendlyName, xml = element.ToString(SaveOptions.DisableFormatting), now = clock.GetUtcNow().ToMs() })).GetAwaiter().GetResult();
    }
}
