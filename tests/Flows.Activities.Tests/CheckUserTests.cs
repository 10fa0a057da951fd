using Flows.Activities.Tests.TestDoubles;
using Flows.Activities.Users;
using Flows.Engine.Activities;

namespace Flows.Activities.Tests;

/// <summary>The user condition: each condition with a matching and a non-matching value, and flows without a user.</summary>
public sealed class CheckUserTests
{
    private readonly ActivityTestHarness _harness = new();
    private readonly InMemoryUserProfiles _profiles = new(_ => null);
    private readonly TestAccount _alice;

    public CheckUserTests()
    {
        _alice = _harness.Users.Add(new TestAccount
        {
            Id = "user-alice",
            Username = "alice",
            Groups = ["admins"],
            Attributes = new() { ["department"] = "sales", ["age"] = "42", ["newsletter"] = "true", ["nickname"] = "Ally" },
            TotpSecret = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
        });
        _harness.SignInWithPassword(_alice);
    }

    [Theory]
    [InlineData(CheckUserCondition.InGroup, "admins", CheckUser.Yes)]
    [InlineData(CheckUserCondition.InGroup, "Admins", CheckUser.Yes)]
    [InlineData(CheckUserCondition.InGroup, "auditors", CheckUser.No)]
    [InlineData(CheckUserCondition.InGroup, "", CheckUser.No)]
    [InlineData(CheckUserCondition.HasAttribute, "department", CheckUser.Yes)]
    [InlineData(CheckUserCondition.HasAttribute, "department=sales", CheckUser.Yes)]
    [InlineData(CheckUserCondition.HasAttribute, "department=marketing", CheckUser.No)]
    [InlineData(CheckUserCondition.HasAttribute, "country", CheckUser.No)]
    [InlineData(CheckUserCondition.HasAttribute, "=sales", CheckUser.No)]
    [InlineData(CheckUserCondition.AmrContains, "pwd", CheckUser.Yes)]
    [InlineData(CheckUserCondition.AmrContains, "otp", CheckUser.No)]
    [InlineData(CheckUserCondition.AmrContains, "PWD", CheckUser.No)]
    public async Task Execute_follows_the_outcome_the_user_matches(CheckUserCondition condition, string value, string expected)
    {
        var activity = new CheckUser(_harness.Users, _profiles) { Condition = condition, Value = value };

        var result = await activity.ExecuteAsync(Context());

        Assert.Equal(expected, Assert.IsType<OutcomeResult>(result).Name);
    }

    [Theory]
    [InlineData("risk.level", CheckUser.Yes)]
    [InlineData("risk.level=high", CheckUser.Yes)]
    [InlineData("risk.level=low", CheckUser.No)]
    [InlineData("risk.score=87", CheckUser.Yes)]
    [InlineData("risk.other", CheckUser.No)]
    [InlineData("", CheckUser.No)]
    public async Task Execute_tests_a_flow_variable_an_outside_answer_kept(string value, string expected)
    {
        _harness.State.Variables["risk.level"] = System.Text.Json.JsonSerializer.SerializeToElement("high");
        _harness.State.Variables["risk.score"] = System.Text.Json.JsonSerializer.SerializeToElement(87);
        var activity = new CheckUser(_harness.Users, _profiles) { Condition = CheckUserCondition.HasVariable, Value = value };

        var result = await activity.ExecuteAsync(Context());

        Assert.Equal(expected, Assert.IsType<OutcomeResult>(result).Name);
    }

    [Theory]
    [InlineData("age=42", CheckUser.Yes)]
    [InlineData("age=42.0", CheckUser.Yes)]
    [InlineData("age=+42.00", CheckUser.Yes)]
    [InlineData("age=43", CheckUser.No)]
    [InlineData("age=forty-two", CheckUser.No)]
    [InlineData("newsletter=TRUE", CheckUser.Yes)]
    [InlineData("newsletter=True", CheckUser.Yes)]
    [InlineData("newsletter=false", CheckUser.No)]
    [InlineData("newsletter=yes", CheckUser.No)]
    [InlineData("nickname=Ally", CheckUser.Yes)]
    [InlineData("nickname=ally", CheckUser.No)]
    [InlineData("Age=42.0", CheckUser.Yes)]
    public async Task Execute_compares_an_attribute_value_as_its_schema_type(string value, string expected)
    {
        _profiles.Schema.AddRange([
            new() { Name = "age", Type = UserAttributeTypes.Number },
            new() { Name = "newsletter", Type = UserAttributeTypes.Boolean },
            new() { Name = "nickname", Type = UserAttributeTypes.String },
        ]);
        var activity = new CheckUser(_harness.Users, _profiles) { Condition = CheckUserCondition.HasAttribute, Value = value };

        var result = await activity.ExecuteAsync(Context());

        Assert.Equal(expected, Assert.IsType<OutcomeResult>(result).Name);
    }

    [Theory]
    [InlineData("age=42", CheckUser.Yes)]
    [InlineData("age=42.0", CheckUser.No)]
    [InlineData("newsletter=TRUE", CheckUser.No)]
    public async Task Execute_compares_an_attribute_outside_the_schema_as_text(string value, string expected)
    {
        _profiles.Schema.Add(new() { Name = "department", Type = UserAttributeTypes.String });
        var activity = new CheckUser(_harness.Users, _profiles) { Condition = CheckUserCondition.HasAttribute, Value = value };

        var result = await activity.ExecuteAsync(Context());

        Assert.Equal(expected, Assert.IsType<OutcomeResult>(result).Name);
    }

    [Fact]
    public async Task Execute_follows_yes_for_a_user_with_an_authenticator()
    {
        var activity = new CheckUser(_harness.Users, _profiles) { Condition = CheckUserCondition.HasMfaDevice };

        var result = await activity.ExecuteAsync(Context());

        Assert.Equal(CheckUser.Yes, Assert.IsType<OutcomeResult>(result).Name);
    }

    [Fact]
    public async Task Execute_follows_no_for_a_user_without_an_authenticator()
    {
        _alice.TotpSecret = null;
        var activity = new CheckUser(_harness.Users, _profiles) { Condition = CheckUserCondition.HasMfaDevice };

        var result = await activity.ExecuteAsync(Context());

        Assert.Equal(CheckUser.No, Assert.IsType<OutcomeResult>(result).Name);
    }

    [Theory]
    [InlineData(CheckUserCondition.InGroup, "admins")]
    [InlineData(CheckUserCondition.HasAttribute, "department")]
    [InlineData(CheckUserCondition.HasMfaDevice, "")]
    [InlineData(CheckUserCondition.AmrContains, "pwd")]
    public async Task Execute_follows_no_when_no_user_is_identified(CheckUserCondition condition, string value)
    {
        _harness.State.UserId = null;
        var activity = new CheckUser(_harness.Users, _profiles) { Condition = condition, Value = value };

        var result = await activity.ExecuteAsync(Context());

        Assert.Equal(CheckUser.No, Assert.IsType<OutcomeResult>(result).Name);
    }

    [Fact]
    public async Task Execute_follows_no_when_the_user_is_no_longer_in_the_directory()
    {
        _harness.State.UserId = "user-removed";
        var activity = new CheckUser(_harness.Users, _profiles) { Condition = CheckUserCondition.AmrContains, Value = "pwd" };

        var result = await activity.ExecuteAsync(Context());

        Assert.Equal(CheckUser.No, Assert.IsType<OutcomeResult>(result).Name);
    }

    private ActivityContext Context() => _harness.ContextFor<CheckUser>("checkUser");
}
