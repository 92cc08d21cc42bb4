namespace OrderConfirm.Stores;

/// The problems found in a store request, by the JSON path of the field the caller sent (RFC 7807 "errors").
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1710", Justification = "Named for what it holds: the errors of a store request.")]
public sealed class StoreErrors : IReadOnlyDictionary<string, string[]>
{
    private readonly Dictionary<string, string[]> _errors = new(StringComparer.Ordinal);

    public int Count => _errors.Count;

    public IEnumerable<string> Keys => _errors.Keys;

    public IEnumerable<string[]> Values => _errors.Values;

    public string[] this[string key] => _errors[key];

    public bool ContainsKey(string key) => _errors.ContainsKey(key);

    public bool TryGetValue(string key, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out string[] value) => _errors.TryGetValue(key, out value);

    public IEnumerator<KeyValuePair<string, string[]>> GetEnumerator() => _errors.GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

    /// For a validation problem response.
    public Dictionary<string, string[]> ToDictionary() => new(_errors, StringComparer.Ordinal);

    public void Add(string field, string message) => _errors[field] = [.. _errors.GetValueOrDefault(field, []), message];

    /// Adds the error when the value (as it will be after the request) is missing.
    public void Require(string? value, string field, string message)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            Add(field, message);
        }
    }

    /// A request field over the existing value: null keeps it, "" clears it, anything else is trimmed.
    public static string? Merge(string? requested, string? current)
        => requested is null ? current : requested.Trim().Length == 0 ? null : requested.Trim();
}
