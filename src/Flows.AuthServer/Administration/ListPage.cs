using System.Buffers.Text;
using System.Globalization;
using System.Text;
using Flows.AuthServer.Environments;

namespace Flows.AuthServer.Administration;

/// <summary>One page of a list resource, and the opaque cursor of the next page (null on the last).</summary>
public sealed record ListPage<T>(IReadOnlyList<T> Items, string? Next);

/// <summary>
/// The paging parameters every list takes: <c>pageSize</c> (1 to <see cref="MaxPageSize"/>) and <c>after</c>,
/// the <c>next</c> of the previous page. Lists page by key, so deep pages stay as fast as the first.
/// </summary>
public sealed record PageRequest(int PageSize, string? After)
{
    public const string PageSizeParameter = "pageSize";
    public const string AfterParameter = "after";
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 500;

    /// <summary>Reads the parameters, adding a field problem for each that is not valid.</summary>
    public static PageRequest From(IQueryCollection query, List<FieldProblem> problems)
    {
        var pageSize = DefaultPageSize;
        if (query.TryGetValue(PageSizeParameter, out var text)
            && (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out pageSize) || pageSize < 1 || pageSize > MaxPageSize))
        {
            problems.Add(new(PageSizeParameter, $"{PageSizeParameter} must be a whole number from 1 to {MaxPageSize}"));
        }

        var after = query.TryGetValue(AfterParameter, out var cursor) ? cursor.ToString() : null;
        return new PageRequest(pageSize, string.IsNullOrEmpty(after) ? null : after);
    }

    /// <summary>
    /// The key the page starts after, for lists whose cursor is the last item's key; adds a field problem when
    /// <see cref="After"/> is not such a cursor.
    /// </summary>
    public string? AfterKey(List<FieldProblem> problems)
    {
        if (After is null)
        {
            return null;
        }

        try
        {
            return Encoding.UTF8.GetString(Base64Url.DecodeFromChars(After));
        }
        catch (FormatException)
        {
            problems.Add(new(AfterParameter, InvalidCursor));
            return null;
        }
    }

    /// <summary>The cursor after <paramref name="rows"/>, fetched with one row more than a page: null when no page follows.</summary>
    public string? NextAfter<TRow>(IReadOnlyList<TRow> rows, Func<TRow, string> key) =>
        rows.Count > PageSize ? Base64Url.EncodeToString(Encoding.UTF8.GetBytes(key(rows[PageSize - 1]))) : null;

    public static string InvalidCursor => $"{AfterParameter} is not a cursor this server issued; use the next of a previous page";
}
