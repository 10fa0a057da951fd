using Flows.Activities.Users;
using Flows.AuthServer.Administration;
using Flows.AuthServer.UserSchemas;
using Flows.Designer.Services;

namespace Flows.AuthServer.Designer.Adapters;

/// <summary>
/// An environment's user schema for the designer: every change is the <see cref="UserSchemaService"/>'s, validated by
/// <see cref="UserSchemaRules"/>, audited and spread to every node as <c>/v1</c>'s; each refused attribute's problem
/// comes back under its name.
/// </summary>
public sealed class ServerDesignerUserSchema(IServiceScopeFactory scopes, DesignerActor actors) : IDesignerUserSchema
{
    private const string Path = "/userSchema";

    // The service names an attribute's problem "attributes.{name}" (UserSchemaRules).
    private const string AttributeFieldPrefix = "attributes.";

    public async Task<DesignerUserSchema?> GetAsync(string environmentId, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var found = await scope.ServiceProvider.GetRequiredService<UserSchemaService>().GetAsync(environmentId, cancellationToken);
        return found.Value is { } schema
            ? new DesignerUserSchema(
                [.. schema.Attributes.Select(a => new DesignerUserAttribute(a.Name, a.Type, a.DisplayName, a.Required, a.Format))], UserAttributeTypes.All)
            : null;
    }

    public async Task<DesignerUserSchemaRefusal?> SaveAsync(
        string environmentId, IReadOnlyList<DesignerUserAttribute> attributes, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var actor = await actors.OfAsync(HttpMethods.Put, Path);
        var schema = new UserSchemaResource([.. attributes.Select(a => new UserAttributeDefinition
        {
            Name = a.Name,
            Type = a.Type,
            DisplayName = string.IsNullOrWhiteSpace(a.DisplayName) ? null : a.DisplayName.Trim(),
            Required = a.Required,
            Format = string.IsNullOrEmpty(a.Format) ? null : a.Format,
        })]);
        var changed = await scope.ServiceProvider.GetRequiredService<UserSchemaService>().ReplaceAsync(environmentId, schema, actor, cancellationToken);
        return changed.Error is { } error ? RefusalOf(error) : null;
    }

    /// <summary>Each attribute's problems beside it; what concerns no one attribute, in the sentence.</summary>
    private static DesignerUserSchemaRefusal RefusalOf(ServiceError error)
    {
        var byAttribute = error.Fields.Where(field => field.Field.StartsWith(AttributeFieldPrefix, StringComparison.Ordinal))
            .GroupBy(field => field.Field[AttributeFieldPrefix.Length..], StringComparer.OrdinalIgnoreCase)
            .ToDictionary(group => group.Key, group => string.Join(" ", group.Select(field => field.Message)), StringComparer.OrdinalIgnoreCase);
        var general = error.Fields.Where(field => !field.Field.StartsWith(AttributeFieldPrefix, StringComparison.Ordinal)).ToList();
        var message = general.Count > 0 || error.Fields.Count == 0
            ? DesignerMessages.Of(error with { Fields = general })
            : $"{error.Entry.Page.Title}: see the attributes marked.";
        return new DesignerUserSchemaRefusal(message, byAttribute);
    }
}
