using System.Reflection;
using Flows.Engine.Activities;

namespace Flows.Activities.Tests;

/// <summary>The catalog the engine registers: complete, and describable for the designer.</summary>
public sealed class FlowsActivityCatalogTests
{
    [Fact]
    public void Catalog_lists_every_activity_of_the_project()
    {
        var declared = typeof(FlowsActivityCatalog).Assembly.GetTypes()
            .Where(type => typeof(Activity).IsAssignableFrom(type) && !type.IsAbstract);

        Assert.Equal(declared.OrderBy(type => type.Name), FlowsActivityCatalog.Types.OrderBy(type => type.Name));
    }

    [Fact]
    public void Every_activity_in_the_catalog_has_a_descriptor_for_the_designer()
    {
        var registry = new ActivityRegistry(FlowsActivityCatalog.Types);

        Assert.Equal(FlowsActivityCatalog.Types.Count, registry.All.Count);
        Assert.All(registry.All, descriptor => Assert.False(string.IsNullOrWhiteSpace(descriptor.Description)));
    }

    [Fact]
    public void Every_outcome_constant_is_declared_as_an_outcome()
    {
        foreach (var type in FlowsActivityCatalog.Types)
        {
            var descriptor = ActivityDescriptorFactory.Describe(type);
            var constants = type.GetFields(BindingFlags.Public | BindingFlags.Static).Where(field => field.IsLiteral);

            Assert.All(constants, field => Assert.True(descriptor.HasOutcome((string)field.GetRawConstantValue()!), $"{type.Name}.{field.Name}"));
        }
    }

    [Fact]
    public void Otp_descriptor_shows_its_outcomes_and_defaults()
    {
        var descriptor = ActivityDescriptorFactory.Describe(typeof(AskForOtp));

        Assert.True(descriptor.IsInteractive);
        Assert.Equal(["success", "tooManyAttempts", "noDevice"], descriptor.Outcomes.Select(outcome => outcome.Name));
        Assert.Equal(5, descriptor.FindProperty("maxAttempts")?.Default?.GetInt32());
        Assert.Equal(1, descriptor.FindProperty("allowedClockDriftSteps")?.Default?.GetInt32());
    }

    [Fact]
    public void Enroll_otp_descriptor_shows_its_outcomes_and_defaults_in_the_mfa_group()
    {
        var descriptor = ActivityDescriptorFactory.Describe(typeof(EnrollOtp));

        Assert.True(descriptor.IsInteractive);
        Assert.Equal(ActivityCategories.Mfa, descriptor.Category);
        Assert.Equal(["success", "alreadyEnrolled", "tooManyAttempts"], descriptor.Outcomes.Select(outcome => outcome.Name));
        Assert.Equal(5, descriptor.FindProperty("maxAttempts")?.Default?.GetInt32());
        Assert.Equal(1, descriptor.FindProperty("allowedClockDriftSteps")?.Default?.GetInt32());
        Assert.NotNull(descriptor.FindProperty("issuer"));
    }

    [Theory]
    [InlineData(typeof(ChooseDevice), true, new[] { "totp", "passkey", "noDevice" }, new[] { "allowedKinds" })]
    [InlineData(typeof(ChooseEnrollment), true, new[] { "totp", "passkey" }, new[] { "allowedKinds" })]
    [InlineData(typeof(EnrollEmail), true, new[] { "success", "alreadyEnrolled", "tooManyAttempts" },
        new[] { "maxAttempts", "codeLength", "codeLifetimeMinutes", "maxResends", "resendIntervalSeconds" })]
    [InlineData(typeof(EnrollSms), true, new[] { "success", "alreadyEnrolled", "tooManyAttempts" },
        new[] { "maxAttempts", "codeLength", "codeLifetimeMinutes", "maxResends", "resendIntervalSeconds" })]
    [InlineData(typeof(RememberDevice), true, new[] { "remembered", "notRemembered" }, new[] { "days", "ask" })]
    [InlineData(typeof(DeviceRemembered), false, new[] { "yes", "no" }, new string[0])]
    [InlineData(typeof(UserHasFactor), false, new[] { "yes", "no" }, new[] { "factor" })]
    [InlineData(typeof(FactorUsed), false, new[] { "yes", "no" }, new[] { "method" })]
    public void Device_choice_enrolment_remembering_and_factor_conditions_are_in_the_mfa_group_with_their_properties(
        Type activity, bool interactive, string[] outcomes, string[] properties)
    {
        var descriptor = ActivityDescriptorFactory.Describe(activity);

        Assert.Contains(activity, FlowsActivityCatalog.Types);
        Assert.Equal(ActivityCategories.Mfa, descriptor.Category);
        Assert.Equal(interactive, descriptor.IsInteractive);
        Assert.Equal(outcomes, descriptor.Outcomes.Select(outcome => outcome.Name));
        Assert.Equal(properties, descriptor.Properties.Select(property => property.Name));
        Assert.All(descriptor.Properties, property => Assert.False(string.IsNullOrWhiteSpace(property.Description)));
    }

    [Fact]
    public void Remember_device_defaults_to_asking_for_thirty_days_and_enrolment_to_both_kinds()
    {
        var remember = ActivityDescriptorFactory.Describe(typeof(RememberDevice));
        var enrolment = ActivityDescriptorFactory.Describe(typeof(ChooseEnrollment));

        Assert.Equal(30, remember.FindProperty("days")?.Default?.GetInt32());
        Assert.True(remember.FindProperty("ask")?.Default?.GetBoolean());
        Assert.Equal(["passkey", "totp"], enrolment.FindProperty("allowedKinds")?.Default?.EnumerateArray().Select(kind => kind.GetString()));
    }

    [Fact]
    public void Check_user_descriptor_offers_its_conditions_in_camel_case()
    {
        var condition = ActivityDescriptorFactory.Describe(typeof(CheckUser)).FindProperty("condition");

        Assert.NotNull(condition);
        Assert.True(condition.Required);
        Assert.Equal(["inGroup", "hasAttribute", "hasMfaDevice", "amrContains", "hasVariable"], condition.Options);
    }

    [Fact]
    public void Deny_descriptor_defaults_its_code_to_access_denied()
    {
        var code = ActivityDescriptorFactory.Describe(typeof(Deny)).FindProperty("code");

        Assert.Equal(FlowErrorCodes.AccessDenied, code?.Default?.GetString());
    }
}
