using System.Text;

namespace OrderConfirm.IntegrationTests.Infrastructure;

/// A curl command line as a POSIX shell reads it (single and double quotes, backslash escapes and line continuations,
/// $NAME from the given variables), turned into the request curl would send: -X, -H, -d / --data / --data-binary /
/// --data-raw and the URL (http:// when it has no scheme). Other switches (-s, -i, -S) change only what curl prints.
public sealed record CurlLine(HttpMethod Method, Uri Url, IReadOnlyList<KeyValuePair<string, string>> Headers, string? Body)
{
    public static CurlLine Parse(string command, IReadOnlyDictionary<string, string>? variables = null)
    {
        var words = Words(command, variables ?? new Dictionary<string, string>());
        Assert.True(words.Count > 0 && words[0] == "curl", $"Not a curl command: {command}");
        string? method = null;
        string? url = null;
        string? body = null;
        var headers = new List<KeyValuePair<string, string>>();
        for (var i = 1; i < words.Count; i++)
        {
            switch (words[i])
            {
                case "-X" or "--request":
                    method = words[++i];
                    break;
                case "-H" or "--header":
                    var header = words[++i];
                    var colon = header.IndexOf(':', StringComparison.Ordinal);
                    headers.Add(new(header[..colon].Trim(), header[(colon + 1)..].Trim()));
                    break;
                case "-d" or "--data" or "--data-binary" or "--data-raw":
                    body = words[++i];
                    break;
                case var flag when flag.StartsWith('-'):
                    Assert.True(flag is "-s" or "-i" or "-si" or "-S" or "-sS" or "--silent" or "--include", $"A curl switch this parser does not know: {flag}");
                    break;
                default:
                    url = words[i];
                    break;
            }
        }

        Assert.NotNull(url);
        var absolute = url.Contains("://", StringComparison.Ordinal) ? url : "http://" + url;
        return new CurlLine(new HttpMethod(method ?? (body is null ? "GET" : "POST")), new Uri(absolute), headers, body);
    }

    /// The request, sent to `root` instead of the host the line names (the test server's address).
    public HttpRequestMessage ToRequest(Uri root)
    {
        var request = new HttpRequestMessage(Method, new Uri(root, Url.PathAndQuery));
        if (Body is not null)
        {
            request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(Body));
            // curl's default for -d without a Content-Type of its own.
            request.Content.Headers.TryAddWithoutValidation("Content-Type", "application/x-www-form-urlencoded");
        }

        foreach (var (name, value) in Headers)
        {
            if (request.Content is not null && name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
            {
                request.Content.Headers.Remove("Content-Type");
                request.Content.Headers.TryAddWithoutValidation(name, value);
            }
            else
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }
        }

        return request;
    }

    private static List<string> Words(string command, IReadOnlyDictionary<string, string> variables)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        var inWord = false;
        for (var i = 0; i < command.Length; i++)
        {
            var c = command[i];
            switch (c)
            {
                case '\'':
                    var end = command.IndexOf('\'', i + 1);
                    Assert.True(end > i, "An unclosed single quote.");
                    word.Append(command, i + 1, end - i - 1);
                    i = end;
                    inWord = true;
                    break;
                case '"':
                    for (i++; command[i] != '"'; i++)
                    {
                        if (command[i] == '\\' && command[i + 1] is '"' or '\\' or '$')
                        {
                            word.Append(command[++i]);
                        }
                        else if (command[i] == '$')
                        {
                            i = Expand(command, i, variables, word);
                        }
                        else
                        {
                            word.Append(command[i]);
                        }
                    }

                    inWord = true;
                    break;
                case '\\' when i + 1 < command.Length && command[i + 1] == '\n':
                    i++;
                    break;
                case '\\':
                    word.Append(command[++i]);
                    inWord = true;
                    break;
                case '$':
                    i = Expand(command, i, variables, word);
                    inWord = true;
                    break;
                case ' ' or '\t' or '\n':
                    if (inWord)
                    {
                        words.Add(word.ToString());
                        word.Clear();
                        inWord = false;
                    }

                    break;
                default:
                    word.Append(c);
                    inWord = true;
                    break;
            }
        }

        if (inWord)
        {
            words.Add(word.ToString());
        }

        return words;
    }

    // $NAME at i: appends its value; returns the index of the name's last character.
    private static int Expand(string command, int i, IReadOnlyDictionary<string, string> variables, StringBuilder word)
    {
        var start = i + 1;
        var end = start;
        while (end < command.Length && (char.IsAsciiLetterOrDigit(command[end]) || command[end] == '_'))
        {
            end++;
        }

        var name = command[start..end];
        Assert.True(variables.TryGetValue(name, out var value), $"${name} is not set.");
        word.Append(value);
        return end - 1;
    }
}
