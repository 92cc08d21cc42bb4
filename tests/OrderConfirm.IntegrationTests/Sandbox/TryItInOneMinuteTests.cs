using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using OrderConfirm.IntegrationTests.Infrastructure;
using OrderConfirm.Sandbox;

namespace OrderConfirm.IntegrationTests.Sandbox;

/// The README's "Try it in one minute", run as a reader would: its `dotnet run` line starts the sandbox, and each of
/// its commands, in order, is sent to the running service as written (variables set as written), with what its
/// "# →" line shows expected in the answer: the status code and every "field": value named there ("…" ends a value
/// that is only its beginning). A GET is asked again until the answer shows it, for at most twice the wait the README
/// announces. The service runs with the sandbox's own defaults, so the timings are the reader's.
[Collection(SharedInfrastructure.Name)]
public sealed partial class TryItInOneMinuteTests(RoboCallStub roboCall)
{
    [Fact]
    public async Task The_readme_commands_work_in_order_against_a_running_sandbox()
    {
        var section = Section(File.ReadAllText(Path.Combine(Root(), "README.md")), "## Try it in one minute");
        var commands = Commands(section);
        var wait = TimeSpan.FromSeconds(2 * int.Parse(AnnouncedWait().Match(section).Groups["seconds"].Value, CultureInfo.InvariantCulture));

        var run = commands[0].Line;
        Assert.Equal("dotnet run --project src/OrderConfirm -- --sandbox", run);
        Assert.True(File.Exists(Path.Combine(Root(), "src/OrderConfirm/OrderConfirm.csproj")));
        Assert.Contains("--Sandbox:Enabled=true", SandboxSwitch.Expand(run.Split(" -- ")[1].Split(' ')));

        // The key the reader has: appsettings.Development.json's. The phone the demo order gets by default.
        var developmentKey = JsonNode.Parse(File.ReadAllText(Path.Combine(Root(), "appsettings.Development.json")))!["Admin"]!["ApiKey"]!.GetValue<string>();
        LeakScan.Secret(developmentKey);
        LeakScan.Phone("923001234561");
        var settings = SandboxSetup.Defaults.Where(d => d.Key != "Storage:SqlitePath").ToDictionary(d => d.Key, d => d.Value);
        settings["Admin:ApiKey"] = developmentKey;
        settings["Sandbox:CallStep"] = new SandboxOptions().CallStep.ToString("c", CultureInfo.InvariantCulture);
        await using var app = SandboxHosts.Start(roboCall, settings);
        using var client = app.CreateClient();
        var advertised = new Uri("http://" + Launched());

        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (line, expected) in commands.Skip(1))
        {
            if (Assignment().Match(line) is { Success: true } assignment)
            {
                variables[assignment.Groups["name"].Value] = assignment.Groups["value"].Value;
                continue;
            }

            var curl = CurlLine.Parse(line, variables);
            Assert.Equal(advertised.Authority, curl.Url.Authority);
            var deadline = DateTime.UtcNow + (curl.Method == HttpMethod.Get ? wait : TimeSpan.Zero);
            while (true)
            {
                using var response = await client.SendAsync(curl.ToRequest(client.BaseAddress!));
                var body = await response.Content.ReadAsStringAsync();
                var missing = Missing(expected, (int)response.StatusCode, body);
                if (missing is null)
                {
                    Assert.True(response.Headers.Contains("X-OrderConfirm-Sandbox"));
                    break;
                }

                Assert.True(DateTime.UtcNow < deadline, $"`{line}` answered {(int)response.StatusCode} {body}\nwithout {missing} (README: {expected})");
                await Task.Delay(250);
            }
        }
    }

    // What of the expectation the answer does not show, or null when it shows all of it.
    private static string? Missing(string expected, int status, string body)
    {
        var code = StatusCode().Match(expected);
        if (code.Success ? code.Groups["code"].Value != status.ToString(CultureInfo.InvariantCulture) : status is < 200 or > 299)
        {
            return $"the status {(code.Success ? code.Groups["code"].Value : "2xx")}";
        }

        var answer = Flatten(JsonNode.Parse(body)).ToList();
        foreach (Match pair in Pair().Matches(expected))
        {
            var name = pair.Groups["name"].Value;
            var value = JsonNode.Parse(pair.Groups["value"].Value);
            var prefix = value is JsonValue text && text.TryGetValue<string>(out var s) && s.Contains('…', StringComparison.Ordinal) ? s[..s.IndexOf('…', StringComparison.Ordinal)].TrimEnd() : null;
            if (!answer.Any(a => a.Name == name && Matches(a.Value, value, prefix)))
            {
                return $"\"{name}\": {pair.Groups["value"].Value}";
            }
        }

        return null;
    }

    private static bool Matches(JsonNode? actual, JsonNode? expected, string? prefix) => (actual, expected) switch
    {
        (null, null) => true,
        (JsonValue a, _) when prefix is not null => a.TryGetValue<string>(out var s) && s.StartsWith(prefix, StringComparison.Ordinal),
        (JsonValue a, JsonValue e) when e.GetValueKind() == JsonValueKind.Number => a.GetValueKind() == JsonValueKind.Number && a.GetValue<decimal>() == e.GetValue<decimal>(),
        (JsonValue a, JsonValue e) => a.ToJsonString() == e.ToJsonString(),
        _ => false,
    };

    // Every property of the answer, at any depth.
    private static IEnumerable<(string Name, JsonNode? Value)> Flatten(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (name, value) in o)
                {
                    yield return (name, value);
                    foreach (var inner in Flatten(value))
                    {
                        yield return inner;
                    }
                }

                break;
            case JsonArray a:
                foreach (var inner in a.SelectMany(Flatten))
                {
                    yield return inner;
                }

                break;
        }
    }

    // The section's shell commands in order, each with the "# →" lines that follow it (joined; empty when none).
    private static List<(string Line, string Expected)> Commands(string section)
    {
        var commands = new List<(string Line, string Expected)>();
        foreach (Match block in ShellBlock().Matches(section))
        {
            var lines = block.Groups["code"].Value.Split('\n');
            for (var i = 0; i < lines.Length; i++)
            {
                var line = lines[i].Trim();
                if (line.Length == 0 || line.StartsWith('#'))
                {
                    continue;
                }

                while (line.EndsWith('\\'))
                {
                    line = line[..^1] + " " + lines[++i].Trim();
                }

                var expected = new List<string>();
                while (i + 1 < lines.Length && lines[i + 1].TrimStart().StartsWith('#') && (expected.Count > 0 || lines[i + 1].Contains('→', StringComparison.Ordinal)))
                {
                    expected.Add(lines[++i].TrimStart().TrimStart('#').Replace("→", "", StringComparison.Ordinal).Trim());
                }

                commands.Add((line, string.Join(" ", expected)));
            }
        }

        return commands;
    }

    private static string Section(string markdown, string heading)
    {
        var start = markdown.IndexOf(heading + "\n", StringComparison.Ordinal);
        Assert.True(start >= 0, $"README.md has no \"{heading}\".");
        var end = markdown.IndexOf("\n## ", start + heading.Length, StringComparison.Ordinal);
        return markdown[start..(end < 0 ? markdown.Length : end)];
    }

    // Where `dotnet run` listens: the default launch profile's applicationUrl, host and port.
    private static string Launched()
        => new Uri(JsonNode.Parse(File.ReadAllText(Path.Combine(Root(), "src/OrderConfirm/Properties/launchSettings.json")))!["profiles"]!["OrderConfirm"]!["applicationUrl"]!.GetValue<string>()).Authority;

    private static string Root()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "OrderConfirm.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("OrderConfirm.sln not found above the test binaries.");
    }

    [GeneratedRegex("```sh\\n(?<code>.*?)```", RegexOptions.Singleline)]
    private static partial Regex ShellBlock();

    [GeneratedRegex("^(?<name>[A-Z_][A-Z0-9_]*)=(?<value>\\S+)$")]
    private static partial Regex Assignment();

    [GeneratedRegex("^\\s*(?<code>[1-5][0-9]{2})\\b")]
    private static partial Regex StatusCode();

    [GeneratedRegex("\"(?<name>[A-Za-z_][A-Za-z0-9_]*)\"\\s*:\\s*(?<value>\"(?:[^\"\\\\]|\\\\.)*\"|-?[0-9]+(?:\\.[0-9]+)?|true|false|null)")]
    private static partial Regex Pair();

    [GeneratedRegex("About (?<seconds>[0-9]+) seconds later")]
    private static partial Regex AnnouncedWait();
}
