using System.Globalization;
using System.Resources;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using OrderConfirm.Merchant;
using OrderConfirm.Tests.Docs;

namespace OrderConfirm.Tests.Merchant;

/// The pages' translations: a language is one MerchantTexts.&lt;code&gt;.resx whose keys are all English keys (no
/// orphan a page could never ask for) with the same placeholders, and a key it lacks reads English.
public sealed partial class MerchantTextsTests
{
    private const string Folder = "src/OrderConfirm/Merchant";

    public static TheoryData<string> Translations() => [.. Translated()];

    [Theory]
    [MemberData(nameof(Translations))]
    public void Every_key_of_a_translation_is_an_english_key_with_the_same_placeholders_and_a_text(string culture)
    {
        var english = Texts("MerchantTexts.resx");
        var translated = Texts($"MerchantTexts.{culture}.resx");

        Assert.NotEmpty(translated);
        Assert.Empty(translated.Keys.Except(english.Keys));
        Assert.All(translated, entry =>
        {
            Assert.False(string.IsNullOrWhiteSpace(entry.Value), $"{entry.Key} is empty");
            Assert.Equal(Placeholders(english[entry.Key]), Placeholders(entry.Value));
        });
    }

    [Fact]
    public void Each_supported_culture_but_english_has_its_resource_file_and_no_file_is_left_unsupported()
    {
        var files = Directory.GetFiles(RepositoryFiles.FullPath(Folder), "MerchantTexts.*.resx").Select(f => Path.GetFileName(f).Split('.')[1]).Order(StringComparer.Ordinal);

        Assert.Equal(Translated().Order(StringComparer.Ordinal), files);
    }

    [Fact]
    public void Urdu_reads_its_own_words_and_english_for_a_key_it_lacks()
    {
        var texts = new ResourceManager(typeof(MerchantTexts).FullName!, typeof(MerchantTexts).Assembly);
        var urdu = CultureInfo.GetCultureInfo("ur");

        Assert.Equal("آرڈرز", texts.GetString("Orders", urdu));
        Assert.Equal("Orders", texts.GetString("Orders", CultureInfo.GetCultureInfo("en")));
        Assert.DoesNotContain("AppName", Texts("MerchantTexts.ur.resx").Keys);
        Assert.Equal("OrderConfirm", texts.GetString("AppName", urdu));
    }

    private static IEnumerable<string> Translated() => MerchantCultures.Supported.Where(c => c != MerchantCultures.Default);

    private static Dictionary<string, string> Texts(string file)
        => XDocument.Parse(RepositoryFiles.Read($"{Folder}/{file}")).Root!.Elements("data")
            .ToDictionary(d => (string)d.Attribute("name")!, d => (string?)d.Element("value") ?? "", StringComparer.Ordinal);

    private static string[] Placeholders(string text) => [.. Placeholder().Matches(text).Select(m => m.Value).Order(StringComparer.Ordinal)];

    [GeneratedRegex(@"\{\d+[^}]*\}")]
    private static partial Regex Placeholder();
}
