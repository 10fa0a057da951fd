using System.Text.Json.Nodes;
using Flows.Activities.Tests.TestDoubles;
using Flows.Activities.Users;
using Flows.Engine.Activities;

namespace Flows.Activities.Tests;

/// <summary>Progressive profiling: asks only what is missing, checks it against the schema, stores it, and skips when complete.</summary>
public sealed class AskForProfileDataTests
{
    private readonly ActivityTestHarness _harness = new();
    private readonly TestAccount _alice;
    private readonly InMemoryUserProfiles _profiles;
    private readonly AskForProfileData _activity;

    public AskForProfileDataTests()
    {
        _alice = _harness.Users.Add(new TestAccount { Id = "user-alice", Username = "alice", Attributes = { ["given_name"] = "Alice" } });
        _profiles = new InMemoryUserProfiles(id => id == _alice.Id ? _alice : null);
        _profiles.Schema.AddRange([
            new UserAttributeDefinition { Name = "given_name", DisplayName = "First name" },
            new UserAttributeDefinition { Name = "birthdate", Type = UserAttributeTypes.Date, DisplayName = "Date of birth" },
            new UserAttributeDefinition { Name = "phone", Type = UserAttributeTypes.Phone },
        ]);
        _harness.State.UserId = _alice.Id;
        _activity = new AskForProfileData(_harness.Users, _profiles) { Attributes = ["given_name", "birthdate", "phone", "notInSchema"] };
    }

    [Fact]
    public async Task Execute_asks_only_for_the_listed_schema_attributes_the_user_lacks()
    {
        var prompt = Assert.IsType<SuspendResult>(await _activity.ExecuteAsync(Context())).Prompt;

        Assert.Equal(FlowStatuses.ProfileDataRequired, prompt.Status);
        Assert.Equal([FlowActions.UserUpdate], prompt.Actions);
        var asked = prompt.Data![ProfileFields.Attributes]!.AsArray();
        Assert.Equal(["birthdate", "phone"], asked.Select(attribute => (string?)attribute![ProfileFields.Name]));
        Assert.Equal(["date", "phone"], asked.Select(attribute => (string?)attribute![ProfileFields.Type]));
        Assert.Equal("Date of birth", (string?)asked[0]![ProfileFields.DisplayName]);
    }

    [Fact]
    public async Task Invalid_values_keep_the_step_with_each_fields_problem_and_store_nothing()
    {
        var result = await _activity.ResumeAsync(Context(), Update(new JsonObject { ["birthdate"] = "31.12.1990", ["phone"] = "+41441234567" }));

        var prompt = Assert.IsType<SuspendResult>(result).Prompt;
        Assert.Equal(FlowStatuses.ProfileDataRequired, prompt.Status);
        Assert.Equal(FlowErrorCodes.InvalidValue, prompt.Error?.Code);
        var problem = Assert.Single(prompt.Data![ProfileFields.Problems]!.AsArray())!;
        Assert.Equal("birthdate", (string?)problem[ProfileFields.Attribute]);
        Assert.Equal(0, _profiles.Updates);
        Assert.False(_alice.Attributes.ContainsKey("phone"));
    }

    [Fact]
    public async Task A_missing_value_is_a_problem_of_its_field()
    {
        var result = await _activity.ResumeAsync(Context(), Update(new JsonObject { ["birthdate"] = "1990-12-31" }));

        var problem = Assert.Single(Assert.IsType<SuspendResult>(result).Prompt.Data![ProfileFields.Problems]!.AsArray())!;
        Assert.Equal("phone", (string?)problem[ProfileFields.Attribute]);
    }

    [Fact]
    public async Task Valid_values_are_stored_and_the_step_succeeds_then_skips()
    {
        var result = await _activity.ResumeAsync(Context(),
            Update(new JsonObject { ["birthdate"] = "1990-12-31", ["phone"] = "+41441234567", ["role"] = "admin" }));
        var again = await _activity.ExecuteAsync(Context());

        Assert.Equal(AskForProfileData.Success, Assert.IsType<OutcomeResult>(result).Name);
        Assert.Equal("1990-12-31", _alice.Attributes["birthdate"]);
        Assert.False(_alice.Attributes.ContainsKey("role"));
        Assert.Equal(AskForProfileData.Success, Assert.IsType<OutcomeResult>(again).Name);
    }

    private static FlowAction Update(JsonObject attributes) =>
        FlowAction.Create(FlowActions.UserUpdate, new JsonObject { [ProfileFields.Attributes] = attributes });

    private ActivityContext Context() => _harness.ContextFor<AskForProfileData>();
}
