using System.Buffers.Text;
using System.Text;
using Flows.Engine.Instances;

namespace Flows.Engine.Persistence;

/// <summary>
/// The opaque "next page" token: the sort key of the last row. Keyset paging stays fast on deep pages,
/// where an offset would scan every row before it.
/// </summary>
internal static class FlowInstanceCursor
{
    public static string Encode(FlowInstance last) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes($"{last.CreatedAt.UtcTicks}:{last.Id}"));

    public static bool TryDecode(string cursor, out DateTimeOffset createdAt, out string id)
    {
        createdAt = default;
        id = "";
        try
        {
            var text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor));
            var separator = text.IndexOf(':');
            if (separator <= 0 || !long.TryParse(text.AsSpan(0, separator), out var ticks)
                || ticks < DateTimeOffset.MinValue.UtcTicks || ticks > DateTimeOffset.MaxValue.UtcTicks)
            {
                return false;
            }

            createdAt = new DateTimeOffset(ticks, TimeSpan.Zero);
            id = text[(separator + 1)..];
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
