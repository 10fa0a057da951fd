using System.Net;

namespace Flows.AuthServer.Tests.Management;

/// <summary>
/// The README's operator example, <c>examples/operator.sh</c> (bash, curl, jq), run as an operator runs it
/// against the real server: it must set up an environment, an application and a user, sign the user in
/// through the flow API and get tokens — and what it created must be there afterwards.
/// </summary>
[Collection(ManagementCollection.Name)]
public sealed class OperatorShellScriptTests(ManagementServerFixture server)
{
    private readonly ManagementApi _api = new(server.CreateClient());

    [Fact]
    public async Task The_operator_example_script_signs_a_new_user_in_and_gets_tokens()
    {
        var (exitCode, output, errors) = await RunAsync("script-shop");

        Assert.True(exitCode == 0, $"operator.sh exited with {exitCode}\nstdout:\n{output}\nstderr:\n{errors}");
        Assert.Contains("\"has_id_token\":true", output);
        Assert.Contains("\"has_refresh_token\":true", output);
        Assert.Contains("\"status\":\"COMPLETED\"", output);

        var token = await _api.TokenAsync();
        var userId = output.Split('\n').Single(line => line.Contains(", password set")).Trim().Split(' ', ',')[1];
        var user = await _api.GetAsync($"/v1/environments/script-shop/users/{userId}", token);
        Assert.Equal(HttpStatusCode.OK, user.Status);
        Assert.Equal("erin", user.Text("username"));
        var completed = await _api.GetAsync($"/v1/environments/script-shop/flowInstances?status=COMPLETED&userId={userId}", token);
        Assert.Single(completed.Body["items"]!.AsArray());
    }

    [Fact]
    public async Task The_script_stops_at_the_first_refusal_with_the_servers_answer()
    {
        var token = await _api.TokenAsync();
        Assert.Equal(HttpStatusCode.Created, (await _api.PostAsync("/v1/environments", token, new { id = "script-taken", name = "Taken" })).Status);

        var (exitCode, output, errors) = await RunAsync("script-taken");

        Assert.NotEqual(0, exitCode);
        Assert.Contains("expected 201, got 409", errors);
        Assert.DoesNotContain("3. application", output);
    }

    private Task<(int ExitCode, string Output, string Errors)> RunAsync(string environmentId) =>
        OperatorScript.RunAsync(server.BaseAddress, environmentId);
}
