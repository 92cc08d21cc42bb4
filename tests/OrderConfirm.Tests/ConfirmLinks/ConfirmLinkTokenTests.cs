using Microsoft.Extensions.Options;
using OrderConfirm.ConfirmLinks;
using OrderConfirm.Security;

namespace OrderConfirm.Tests.ConfirmLinks;

public sealed class ConfirmLinkTokenTests
{
    private const string KeyA = "rIQpJWEjOuB9BvKjWfjS4KiSMne5OcZ/5hKWfbrl8iI=";
    private const string KeyB = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

    [Fact]
    public void A_token_is_short_url_safe_and_verifies_to_its_stored_hash()
    {
        var tokens = Tokens(KeyA);

        var (token, hash) = tokens.Create();

        Assert.InRange(token.Length, 22, 45);
        Assert.All(token, c => Assert.True(char.IsAsciiLetterOrDigit(c) || c is '-' or '_', $"'{c}' is not URL-safe"));
        Assert.Equal(hash, tokens.Verify(token));
        Assert.NotEqual(token, tokens.Create().Token);
        Assert.DoesNotContain(token, hash, StringComparison.Ordinal);
    }

    [Fact]
    public void A_changed_character_another_key_or_a_wrong_length_is_refused()
    {
        var tokens = Tokens(KeyA);
        var (token, _) = tokens.Create();

        for (var i = 0; i < token.Length - 1; i++)
        {
            var changed = token[..i] + (token[i] == 'A' ? 'B' : 'A') + token[(i + 1)..];
            Assert.Null(tokens.Verify(changed));
        }

        Assert.Null(Tokens(KeyB).Verify(token));
        Assert.Null(tokens.Verify(token[..^1]));
        Assert.Null(tokens.Verify(token + "A"));
        Assert.Null(tokens.Verify(""));
        Assert.Null(tokens.Verify(null));
        Assert.Null(tokens.Verify(new string('!', token.Length)));
    }

    [Fact]
    public void Links_made_before_a_key_rotation_still_verify()
    {
        var (token, hash) = Tokens(KeyA).Create();

        var rotated = Tokens(KeyB, KeyA);

        Assert.Equal(hash, rotated.Verify(token));
    }

    private static ConfirmLinkToken Tokens(string key, params string[] previous)
    {
        var options = new EncryptionOptions { Key = key };
        foreach (var p in previous)
        {
            options.PreviousKeys.Add(p);
        }

        return new ConfirmLinkToken(Options.Create(options));
    }
}
