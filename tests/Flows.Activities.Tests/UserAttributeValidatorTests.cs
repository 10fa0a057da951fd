using Flows.Activities.Users;

namespace Flows.Activities.Tests;

/// <summary>The one rule for attribute values: each type, the format, and required attributes.</summary>
public sealed class UserAttributeValidatorTests
{
    [Theory]
    [InlineData(UserAttributeTypes.Email, "ann@example.com", true)]
    [InlineData(UserAttributeTypes.Email, "ann", false)]
    [InlineData(UserAttributeTypes.Phone, "+41441234567", true)]
    [InlineData(UserAttributeTypes.Phone, "044 123 45 67", false)]
    [InlineData(UserAttributeTypes.Date, "1990-12-31", true)]
    [InlineData(UserAttributeTypes.Date, "1990-02-30", false)]
    [InlineData(UserAttributeTypes.Boolean, "true", true)]
    [InlineData(UserAttributeTypes.Boolean, "yes", false)]
    [InlineData(UserAttributeTypes.Number, "-12.5", true)]
    [InlineData(UserAttributeTypes.Number, "12,5", false)]
    [InlineData(UserAttributeTypes.String, "anything", true)]
    public void Each_type_accepts_its_values_and_refuses_others(string type, string value, bool valid)
    {
        var problem = UserAttributeValidator.Problem(new UserAttributeDefinition { Name = "a", Type = type }, value);

        Assert.Equal(valid, problem is null);
    }

    [Fact]
    public void The_format_must_match_the_whole_value()
    {
        var attribute = new UserAttributeDefinition { Name = "zip", Format = "[0-9]{4}" };

        Assert.Null(UserAttributeValidator.Problem(attribute, "8001"));
        Assert.NotNull(UserAttributeValidator.Problem(attribute, "80011"));
    }

    [Fact]
    public void Required_attributes_are_missing_only_when_all_are_required()
    {
        IReadOnlyList<UserAttributeDefinition> schema = [new UserAttributeDefinition { Name = "given_name", Required = true }];
        var none = new Dictionary<string, string>();

        Assert.Empty(UserAttributeValidator.Validate(schema, none, requireAll: false));
        Assert.Equal("given_name", Assert.Single(UserAttributeValidator.Validate(schema, none, requireAll: true)).Attribute);
    }
}
