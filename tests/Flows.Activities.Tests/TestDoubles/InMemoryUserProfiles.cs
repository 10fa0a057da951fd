using Flows.Activities.Users;

namespace Flows.Activities.Tests.TestDoubles;

/// <summary>An <see cref="IUserProfiles"/> with a schema set by the test, writing to the accounts of an <see cref="InMemoryUserDirectory"/>'s test.</summary>
public sealed class InMemoryUserProfiles(Func<string, TestAccount?> findAccount) : IUserProfiles
{
    public List<UserAttributeDefinition> Schema { get; } = [];

    public int Updates { get; private set; }

    public Task<IReadOnlyList<UserAttributeDefinition>> GetSchemaAsync(string environmentId, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<UserAttributeDefinition>>(Schema);

    public Task<IReadOnlyList<AttributeProblem>> UpdateAttributesAsync(
        string environmentId, string userId, IReadOnlyDictionary<string, string> values, CancellationToken cancellationToken)
    {
        var problems = UserAttributeValidator.Validate(Schema, values, requireAll: false);
        if (problems.Count == 0 && findAccount(userId) is { } account)
        {
            Updates++;
            foreach (var (name, value) in values)
            {
                account.Attributes[name] = value;
            }
        }

        return Task.FromResult(problems);
    }
}
