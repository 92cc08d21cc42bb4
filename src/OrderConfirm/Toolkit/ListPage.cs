using Microsoft.AspNetCore.Http.HttpResults;

namespace OrderConfirm.Toolkit;

/// What every list of the API has in common: newest first, `before` to page, `limit` from 1 to 500, and the same
/// message when the limit is out of range.
public static class ListPage
{
    public const int MaxLimit = 500;

    /// Adds the limit's error to errors when it is out of range.
    public static void CheckLimit(int? limit, IDictionary<string, string[]> errors)
    {
        if (limit is < 1 or > MaxLimit)
        {
            errors["limit"] = [$"The limit must be between 1 and {MaxLimit}."];
        }
    }

    /// The limit's problem when it is out of range, for a list with no other query to check; null when it is fine.
    public static ValidationProblem? LimitProblem(int? limit)
    {
        var errors = new Dictionary<string, string[]>();
        CheckLimit(limit, errors);
        return errors.Count > 0 ? TypedResults.ValidationProblem(errors) : null;
    }
}
