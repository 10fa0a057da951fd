using System.Text.Json;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Flows.AuthServer.Data;

/// <summary>Maps a list or dictionary to a JSON text column, compared by content so edits are saved.</summary>
internal static class JsonValue
{
    public static ValueConverter<T, string> Converter<T>() => new(
        value => JsonSerializer.Serialize(value, JsonSerializerOptions.Web),
        json => JsonSerializer.Deserialize<T>(json, JsonSerializerOptions.Web)!);

    public static ValueComparer<T> Comparer<T>() => new(
        (left, right) => JsonSerializer.Serialize(left, JsonSerializerOptions.Web) == JsonSerializer.Serialize(right, JsonSerializerOptions.Web),
        value => JsonSerializer.Serialize(value, JsonSerializerOptions.Web).GetHashCode(),
        value => JsonSerializer.Deserialize<T>(JsonSerializer.Serialize(value, JsonSerializerOptions.Web), JsonSerializerOptions.Web)!);
}
