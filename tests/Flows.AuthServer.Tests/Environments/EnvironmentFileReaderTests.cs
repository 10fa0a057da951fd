using Flows.AuthServer.Environments;
using Flows.AuthServer.Provisioning;
using Flows.AuthServer.Tests.Support;

namespace Flows.AuthServer.Tests.Environments;

/// <summary>Environment files are read strictly, and the shipped demo file holds no secret.</summary>
public sealed class EnvironmentFileReaderTests
{
    private static string DemoFile => Path.Combine(ServerServices.ServerContentRoot, "environments", "demo.json");

    [Fact]
    public void A_misspelt_property_is_an_error_naming_it()
    {
        const string json = """{ "id": "x", "name": "X", "defaultFlow": "username-password", "aplications": [] }""";

        var refused = Assert.Throws<EnvironmentImportException>(() => EnvironmentFileReader.Parse(json, "x.json"));

        Assert.Contains("aplications", refused.Message, StringComparison.Ordinal);
        Assert.Equal("x.json", refused.ImportSource);
    }

    [Fact]
    public void Every_optional_user_property_is_read()
    {
        const string json = """
            { "id": "x", "name": "X", "defaultFlow": "username-password",
              "users": [ { "username": "eve", "enabled": false, "mustChangePassword": true,
                           "attributes": { "department": "sales" }, "groups": ["staff"] } ] }
            """;

        var user = EnvironmentFileReader.Parse(json, "x.json").Users.Single();

        Assert.Equal((false, true, "sales", "staff"), (user.Enabled, user.MustChangePassword, user.Attributes["department"], user.Groups.Single()));
    }

    [Fact]
    public void A_null_where_a_list_belongs_is_an_error()
    {
        const string json = """{ "id": "x", "name": "X", "defaultFlow": "username-password", "applications": null }""";

        Assert.Throws<EnvironmentImportException>(() => EnvironmentFileReader.Parse(json, "x.json"));
    }

    [Fact]
    public void A_missing_required_property_is_an_error()
    {
        var refused = Assert.Throws<EnvironmentImportException>(() => EnvironmentFileReader.Parse("""{ "id": "x", "name": "X" }""", "x.json"));

        Assert.Contains("defaultFlow", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_file_is_an_error_naming_it()
    {
        var refused = await Assert.ThrowsAsync<EnvironmentImportException>(() => EnvironmentFileReader.ReadAsync("/nowhere/env.json", CancellationToken.None));

        Assert.Equal("/nowhere/env.json", refused.ImportSource);
    }

    [Fact]
    public async Task The_demo_file_is_valid_and_holds_no_secret()
    {
        var demo = await EnvironmentFileReader.ReadAsync(DemoFile, CancellationToken.None);

        Assert.Empty(SampleEnvironments.Validator().Validate(demo, SampleEnvironments.ShippedFlowIds));
        Assert.All(demo.Applications, application => Assert.Null(application.ClientSecret));
        Assert.All(demo.Users, user => Assert.Null(user.Password));
        Assert.All(demo.Users, user => Assert.True(user.TotpSecret is null or EnvironmentFileUser.GenerateTotpSecret));
    }
}
