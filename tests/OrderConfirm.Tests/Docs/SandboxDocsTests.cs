using OrderConfirm.Sandbox;

namespace OrderConfirm.Tests.Docs;

/// docs/sandbox.md says which defaults the sandbox changes; a default added to or dropped from SandboxSetup without
/// its row fails here.
public sealed class SandboxDocsTests
{
    [Fact]
    public void The_sandbox_document_lists_every_default_the_sandbox_sets_and_no_other()
    {
        var documented = Markdown.TableRows(RepositoryFiles.Read("docs/sandbox.md"))
            .SelectMany(r => Markdown.CodeSpans(r.Cells[0]))
            .Where(c => c.Contains(':', StringComparison.Ordinal) && !c.Contains(' ', StringComparison.Ordinal))
            .ToHashSet(StringComparer.Ordinal);

        Assert.Equal(SandboxSetup.Defaults.Keys.Order(StringComparer.Ordinal), documented.Order(StringComparer.Ordinal));
    }
}
