using System.Text.RegularExpressions;
using OrderConfirm.Tests.Docs;

namespace OrderConfirm.Tests.Deploy;

/// docs/deployment.md's rollback rests on this: every schema migration so far only adds (tables, columns with defaults,
/// indexes) or rewrites data, so the previous image still runs on the migrated database. A migration that drops or
/// renames fails here, and whoever writes it updates "Rolling back" there before changing this test.
public sealed partial class SchemaMigrationsTests
{
    private const string Folder = "src/OrderConfirm/Storage/Schema";

    [Fact]
    public void No_migration_drops_or_renames_so_the_previous_image_runs_on_the_new_schema()
    {
        var scripts = RepositoryFiles.TextFiles(Folder).Where(f => f.EndsWith(".sql", StringComparison.Ordinal)).ToList();

        var breaking = scripts
            .SelectMany(f => Breaking().Matches(WithoutComments(RepositoryFiles.Read(f))).Select(m => $"{f}: {m.Value}"))
            .ToList();

        Assert.True(scripts.Count >= 2);
        Assert.True(breaking.Count == 0, "A migration the previous image cannot run on (update docs/deployment.md, \"Rolling back\"):\n" + string.Join('\n', breaking));
    }

    [Fact]
    public void The_check_sees_a_dropped_column()
    {
        Assert.Matches(Breaking(), "alter table verifications drop column polls;");
        Assert.Matches(Breaking(), "ALTER TABLE stores RENAME COLUMN name TO title;");
        Assert.DoesNotMatch(Breaking(), "create index if not exists ix_a on b (c);");
    }

    private static string WithoutComments(string sql) => LineComment().Replace(sql, "");

    [GeneratedRegex(@"\b(drop\s+(table|column|index|schema|type|view)|rename\s+(to|column)|alter\s+column\s+\w+\s+(type|set\s+not\s+null))\b", RegexOptions.IgnoreCase)]
    private static partial Regex Breaking();

    [GeneratedRegex(@"--[^\n]*")]
    private static partial Regex LineComment();
}
