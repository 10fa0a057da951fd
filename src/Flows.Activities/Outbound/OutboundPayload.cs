using System.Text.Json.Nodes;
using Flows.Activities.Users;
using Flows.Engine.Activities;

namespace Flows.Activities.Outbound;

/// <summary>
/// What a flow tells an outside party: the flow (id, environment, application), the user attributes and the flow
/// variables a node names. Only what is named leaves the server.
/// </summary>
public static class OutboundPayload
{
    public const string Flow = "flow";
    public const string User = "user";
    public const string Variables = "variables";

    /// <summary>Attribute names that are the user's own fields rather than entries of their attributes.</summary>
    public const string UserId = "id";
    public const string Username = "username";
    public const string Email = "email";
    public const string Name = "name";
    public const string Groups = "groups";

    public static async Task<JsonObject> BuildAsync(
        ActivityContext context, IUserDirectory users, IReadOnlyList<string> attributes, IReadOnlyList<string> variables)
    {
        var user = attributes.Count > 0 && context.State.UserId is { } userId
            ? await users.FindByIdAsync(context.EnvironmentId, userId, context.CancellationToken)
            : null;

        var sentUser = new JsonObject();
        foreach (var attribute in attributes.Select(name => name.Trim()).Where(name => name.Length > 0).Distinct(StringComparer.Ordinal))
        {
            sentUser[attribute] = user is null ? null : ValueOf(user, attribute);
        }

        var sentVariables = new JsonObject();
        foreach (var variable in variables.Select(name => name.Trim()).Where(name => name.Length > 0).Distinct(StringComparer.Ordinal))
        {
            sentVariables[variable] = context.State.Variables.TryGetValue(variable, out var value) ? JsonNode.Parse(value.GetRawText()) : null;
        }

        return new JsonObject
        {
            [Flow] = new JsonObject { ["id"] = context.InstanceId, ["environment"] = context.EnvironmentId, ["application"] = context.ApplicationId },
            [User] = sentUser,
            [Variables] = sentVariables,
        };
    }

    private static JsonNode? ValueOf(DirectoryUser user, string attribute) => attribute switch
    {
        UserId => user.Id,
        Username => user.Username,
        Email => user.Email,
        Name => user.Name,
        Groups => new JsonArray(user.Groups.Select(group => (JsonNode?)group).ToArray()),
        // Attribute names match case-insensitively, as CheckUser's do.
        _ => user.Attributes.FirstOrDefault(pair => string.Equals(pair.Key, attribute, StringComparison.OrdinalIgnoreCase)).Value,
    };
}
