using Flows.AuthServer.Agreements;
using Flows.AuthServer.UserSchemas;
using Flows.Activities;
using Flows.AuthServer.Addressing;
using Flows.AuthServer.Consents;
using Flows.AuthServer.Designer;
using Flows.AuthServer.Environments;
using Flows.AuthServer.FlowDefinitions;
using Flows.AuthServer.Flows;
using Flows.AuthServer.Hosting;
using Flows.AuthServer.IdentityProviders;
using Flows.AuthServer.Logout;
using Flows.AuthServer.Management;
using Flows.AuthServer.Management.Conventions;
using Flows.AuthServer.Messaging;
using Flows.AuthServer.Operations;
using Flows.AuthServer.Outbound;
using Flows.AuthServer.Protocol;
using Flows.AuthServer.Protocol.Device;
using Flows.AuthServer.Provisioning;
using Flows.AuthServer.Retention;
using Flows.AuthServer.Sessions;
using Flows.AuthServer.SignOn;
using Flows.AuthServer.SigningKeys;
using Flows.AuthServer.TryIt;
using Flows.AuthServer.Users;
using Flows.Engine.Hosting;
using Flows.AuthServer.Simulation;

var builder = WebApplication.CreateBuilder(args);

// --urls and ASPNETCORE_URLS win; without them the server listens on loopback only.
if (string.IsNullOrEmpty(builder.Configuration["urls"]))
{
    builder.WebHost.UseUrls("http://127.0.0.1:5000");
}

// Run from the build output (not published), the files of referenced libraries (the designer's MudBlazor,
// Z.Blazor.Diagrams, blazor.web.js) are found through the static web assets manifest, in every environment;
// a published server has them in wwwroot and no manifest, and this does nothing.
builder.WebHost.UseStaticWebAssets();

var database = builder.Configuration.GetSection(FlowsDatabaseOptions.Section).Get<FlowsDatabaseOptions>() ?? new();
builder.Services.AddHttpContextAccessor();
builder.Services.AddFlowsEngine(database, FlowsActivityCatalog.Types, engine => builder.Configuration.GetSection("Flows:Engine").Bind(engine));
builder.Services.AddServerData(database, builder.Configuration);
builder.Services.AddFlowsProtocol(builder.Configuration);
builder.Services.AddSigningKeyRotation();
builder.Services.AddEnvironmentCatalog();
builder.Services.AddScoped<SessionService>();
builder.Services.AddFlowDefinitions();
builder.Services.AddFlowSimulation();
builder.Services.AddScoped<SignOnFlows>();
builder.Services.AddFlowsConsents();
builder.Services.AddFlowsIdentityProviders();
builder.Services.AddFlowsOutbound();
builder.Services.AddFlowsMessaging();
builder.Services.Configure<SignOnSessionOptions>(builder.Configuration.GetSection(SignOnSessionOptions.Section));
builder.Services.AddHostedService<FlowExpirySweeper>();
builder.Services.AddFlowsRetention(builder.Configuration);
builder.Services.AddFlowsLogout(builder.Configuration);
builder.Services.AddFlowsUsers(builder.Configuration);
builder.Services.AddUserSchemas();
builder.Services.AddAgreements();
builder.Services.AddFlowsEnvironmentImport(builder.Configuration);
builder.Services.AddSignOnPages();
builder.Services.AddTryIt();
builder.Services.AddFlowsManagement(builder.Configuration);
builder.Services.AddFlowsDesigner();
builder.Services.AddExceptionHandler<RenderUnexpectedErrors>();
builder.Services.AddPublicAddress(builder.Configuration);
builder.Services.AddFlowsHealth();
builder.Services.AddFlowsTelemetry(builder.Configuration);
builder.Services.AddFlowsRateLimiting();

var app = builder.Build();
await app.Services.MigrateServerDataAsync();
await using (var startup = app.Services.CreateAsyncScope())
{
    await startup.ServiceProvider.GetRequiredService<EnvironmentBootstrapper>().RunAsync();
}

app.UsePublicAddress();
RenderUnexpectedErrors.UseUnexpectedErrorRendering(app);
app.UseOperationsEndpoints();
app.UseStaticFiles();
app.UseMiddleware<EnvironmentPathMiddleware>();
app.UseProtocolErrorPages();
app.UseManagementStatusCodes();
app.MapFlowsDesigner();
app.UseRouting();
app.UseMiddleware<RejectUnreadableRequests>();
app.UseFlowsRateLimiting();
app.UseMiddleware<RefuseBrokenProviderCallbacks>();
app.UseAuthentication();
app.UseAuthorization();

app.MapMethods("/authorize", [HttpMethods.Get, HttpMethods.Post], AuthorizeEndpoint.HandleAsync);
app.MapGet(ResumedFlow.ResumePath, AuthorizeEndpoint.HandleAsync);
app.MapMethods("/signoff", [HttpMethods.Get, HttpMethods.Post], SignoffEndpoint.HandleAsync);
app.MapDeviceVerification();
app.MapFlowApi();
app.MapIdentityProviders();
app.MapContinueEndpoint();
app.MapFlowsManagement();
app.MapSignOnPages();
app.MapGet("/", () => Results.Text("Flows is running.", "text/plain"));

StartupBanner.PrintWhenStarted(app);
app.Run();

/// <summary>The server's entry point, visible to integration tests.</summary>
public partial class Program;
