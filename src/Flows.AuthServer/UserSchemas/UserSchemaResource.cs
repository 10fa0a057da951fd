using Flows.Activities.Users;

namespace Flows.AuthServer.UserSchemas;

/// <summary>An environment's user schema as <c>/v1/environments/{env}/userSchema</c> shows and takes it.</summary>
public sealed record UserSchemaResource(IReadOnlyList<UserAttributeDefinition> Attributes);
