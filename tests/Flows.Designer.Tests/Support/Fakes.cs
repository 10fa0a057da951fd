using Flows.Designer.Services;
using Flows.Engine.Definitions;
using Flows.Engine.Instances;
using Flows.Engine.Validation;

namespace Flows.Designer.Tests.Support;

/// <summary>Flows in memory; records what the components saved, published and changed.</summary>
public sealed class FakeDesignerFlows : IDesignerFlows
{
    public Dictionary<string, FlowDefinition> Drafts { get; } = new(StringComparer.Ordinal);

    /// <summary>Flows whose "draft" is only a copy of their published version: nothing to publish.</summary>
    public HashSet<string> Unchanged { get; } = new(StringComparer.Ordinal);

    /// <summary>Flows with a draft only: no version was ever published.</summary>
    public HashSet<string> NeverPublished { get; } = new(StringComparer.Ordinal);

    /// <summary>Published versions per flow, oldest first (version = index + 1).</summary>
    public Dictionary<string, List<FlowDefinition>> Versions { get; } = new(StringComparer.Ordinal);

    public List<(FlowDefinition Definition, string? Note)> Published { get; } = [];

    /// <summary>Versions being rolled out per flow.</summary>
    public Dictionary<string, DesignerFlowRollout> Rollouts { get; } = new(StringComparer.Ordinal);

    public List<FlowDefinition> Saved { get; } = [];

    /// <summary>Every change, e.g. <c>created new-flow</c>, <c>deleted x</c>.</summary>
    public List<string> Calls { get; } = [];

    /// <summary>When set, saving answers that someone else saved first.</summary>
    public bool SaveIsStale { get; set; }

    /// <summary>When set, saving is refused for these problems, as the server refuses what only it can check.</summary>
    public IReadOnlyList<FlowValidationProblem> SaveRefusal { get; set; } = [];

    public Task<IReadOnlyList<DesignerFlowSummary>> ListAsync(string environmentId, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<DesignerFlowSummary>>(Drafts.Keys.Union(Versions.Keys).Order().Select(id =>
        {
            var latest = Versions.TryGetValue(id, out var versions) && versions.Count > 0 ? versions.Count : (int?)null;
            var name = Drafts.TryGetValue(id, out var draft) ? draft.Name : versions![^1].Name;
            return new DesignerFlowSummary(id, name, latest, latest, Drafts.ContainsKey(id), null, [])
            {
                ETag = $"etag-of-{id}",
                Rollout = Rollouts.GetValueOrDefault(id),
            };
        }).ToList());

    public Task<DesignerFlowDraft?> GetDraftAsync(string environmentId, string flowId, CancellationToken cancellationToken = default) =>
        Task.FromResult(Drafts.TryGetValue(flowId, out var draft)
            ? new DesignerFlowDraft(Copy(draft), NeverPublished.Contains(flowId) ? null : 1, !Unchanged.Contains(flowId), Unchanged.Contains(flowId) ? null : "etag-1")
            : null);

    public Task<FlowDefinition?> GetVersionAsync(string environmentId, string flowId, int version, CancellationToken cancellationToken = default) =>
        Task.FromResult(Versions.TryGetValue(flowId, out var versions) && version <= versions.Count ? Copy(versions[version - 1]) : Drafts.GetValueOrDefault(flowId));

    public Task<DesignerFlowResult> CreateAsync(string environmentId, string flowId, string name, CancellationToken cancellationToken = default)
    {
        Calls.Add($"created {flowId} {name}");
        Drafts[flowId] = new FlowDefinition { Id = flowId, Name = name, Start = "" };
        return Task.FromResult(DesignerFlowResult.Ok);
    }

    public Task<DesignerFlowResult> ImportAsync(string environmentId, FlowDefinition definition, CancellationToken cancellationToken = default)
    {
        Calls.Add($"imported {definition.Id}");
        Drafts[definition.Id] = definition;
        return Task.FromResult(DesignerFlowResult.Ok);
    }

    public Task<DesignerFlowResult> CloneAsync(string environmentId, string flowId, string newId, string? newName, CancellationToken cancellationToken = default)
    {
        Calls.Add($"cloned {flowId} {newId} {newName}");
        return Task.FromResult(DesignerFlowResult.Ok);
    }

    public Task<DesignerFlowResult> DeleteAsync(string environmentId, string flowId, string? expectedETag, CancellationToken cancellationToken = default)
    {
        Calls.Add($"deleted {flowId} if {expectedETag}");
        Drafts.Remove(flowId);
        Versions.Remove(flowId);
        return Task.FromResult(DesignerFlowResult.Ok);
    }

    public Task<DesignerFlowResult> DeleteDraftAsync(string environmentId, string flowId, string? expectedETag, CancellationToken cancellationToken = default)
    {
        Calls.Add($"draft deleted {flowId} if {expectedETag}");
        Drafts.Remove(flowId);
        return Task.FromResult(DesignerFlowResult.Ok);
    }

    public Task<DesignerFlowResult> SaveDraftAsync(string environmentId, FlowDefinition draft, string? expectedETag, CancellationToken cancellationToken = default)
    {
        if (SaveIsStale)
        {
            return Task.FromResult(DesignerFlowResult.Failed(DesignerFlowError.Stale, "Someone else changed this flow's draft since you opened it."));
        }

        if (SaveRefusal.Count > 0)
        {
            return Task.FromResult(DesignerFlowResult.Failed(DesignerFlowError.InvalidDefinition, "The definition has problems.") with { Problems = SaveRefusal });
        }

        Saved.Add(Copy(draft));
        return Task.FromResult(DesignerFlowResult.Ok with { ETag = $"etag-{Saved.Count + 1}" });
    }

    public IReadOnlyList<FlowValidationProblem> Validate(FlowDefinition definition) => [];

    public Task<DesignerFlowResult> PublishAsync(
        string environmentId, string flowId, string? note, string? expectedETag, int? rolloutPercent = null, CancellationToken cancellationToken = default)
    {
        if (rolloutPercent is { } percent)
        {
            Calls.Add($"published {flowId} to {percent} %");
        }

        Published.Add((Saved.Count > 0 ? Saved[^1] : Drafts[flowId], note));
        return Task.FromResult(DesignerFlowResult.Ok with { Version = Published.Count + 1 });
    }

    public Task<IReadOnlyList<DesignerFlowVersion>> ListVersionsAsync(string environmentId, string flowId, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<DesignerFlowVersion>>(Versions.TryGetValue(flowId, out var versions)
            ? versions.Select((v, i) => new DesignerFlowVersion(i + 1, v.Name, DateTimeOffset.UnixEpoch, $"note {i + 1}", i == versions.Count - 1)).Reverse().ToList()
            : []);

    public Task<DesignerFlowResult> RollbackAsync(
        string environmentId, string flowId, int version, string? expectedETag = null, CancellationToken cancellationToken = default)
    {
        Calls.Add($"default {flowId} v{version}");
        return Task.FromResult(DesignerFlowResult.Ok with { Version = version });
    }

    public Task<DesignerFlowResult> StartRolloutAsync(
        string environmentId, string flowId, int version, int percent, string? expectedETag = null, CancellationToken cancellationToken = default)
    {
        Calls.Add($"rollout {flowId} v{version} {percent} % if {expectedETag}");
        Rollouts[flowId] = new DesignerFlowRollout(version, percent);
        return Task.FromResult(DesignerFlowResult.Ok with { Version = version });
    }

    public Task<DesignerFlowResult> StopRolloutAsync(string environmentId, string flowId, string? expectedETag = null, CancellationToken cancellationToken = default)
    {
        Calls.Add($"rollout stopped {flowId} if {expectedETag}");
        Rollouts.Remove(flowId);
        return Task.FromResult(DesignerFlowResult.Ok);
    }

    public Task<DesignerFlowResult> PromoteRolloutAsync(string environmentId, string flowId, string? expectedETag = null, CancellationToken cancellationToken = default)
    {
        Calls.Add($"rollout promoted {flowId} if {expectedETag}");
        Rollouts.Remove(flowId, out var rollout);
        return Task.FromResult(DesignerFlowResult.Ok with { Version = rollout?.Version });
    }

    private static FlowDefinition Copy(FlowDefinition definition) => FlowDefinitionSerializer.Deserialize(FlowDefinitionSerializer.Serialize(definition));
}

/// <summary>Instances in memory, paged like the store (newest first, a cursor per page); records every query.</summary>
public sealed class FakeDesignerInstances : IDesignerInstances
{
    public List<DesignerInstanceSummary> All { get; } = [];

    public List<(DesignerInstanceFilter Filter, string? Cursor, int PageSize)> Queries { get; } = [];

    public Dictionary<string, DesignerInstanceDetail> Details { get; } = [];

    public List<string> Cancelled { get; } = [];

    public Task<DesignerInstancePage> ListAsync(DesignerInstanceFilter filter, string? cursor, int pageSize, CancellationToken cancellationToken = default)
    {
        Queries.Add((filter, cursor, pageSize));
        var matching = All
            .Where(i => filter.Status is null || i.Status == filter.Status)
            .Where(i => filter.UserId is null || i.UserId == filter.UserId)
            .Where(i => filter.ApplicationId is null || i.ApplicationId == filter.ApplicationId)
            .ToList();
        var start = cursor is null ? 0 : int.Parse(cursor);
        var items = matching.Skip(start).Take(pageSize).ToList();
        var next = start + pageSize < matching.Count ? (start + pageSize).ToString() : null;
        return Task.FromResult(new DesignerInstancePage(items, next));
    }

    public Task<DesignerInstanceDetail?> GetAsync(string instanceId, CancellationToken cancellationToken = default) =>
        Task.FromResult(Details.GetValueOrDefault(instanceId));

    public Task<string?> CancelAsync(string environmentId, string instanceId, string? etag = null, CancellationToken cancellationToken = default)
    {
        Cancelled.Add(instanceId);
        return Task.FromResult<string?>(null);
    }

    public static DesignerInstanceSummary Instance(string id, FlowInstanceStatus status = FlowInstanceStatus.Suspended, string? user = null, string? node = "password") =>
        new(id, "demo", "try-it", "password-then-otp", 1, status, node, status == FlowInstanceStatus.Suspended ? "USERNAME_PASSWORD_REQUIRED" : null,
            user, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddMinutes(10));
}

public sealed class FakeDesignerApplications : IDesignerApplications
{
    public List<DesignerApplication> Items { get; } = [new("try-it", "Try it", "public", null, null)];

    public Task<IReadOnlyList<DesignerApplication>> ListAsync(string environmentId, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<DesignerApplication>>(Items);

    public Task<string?> BindFlowAsync(
        string environmentId, string clientId, string? flowId, int? version, string? etag = null, CancellationToken cancellationToken = default) =>
        Task.FromResult<string?>(null);

    public Task<string?> ChangeAsync(
        string environmentId, string clientId, DesignerApplicationChange change, string? etag = null, CancellationToken cancellationToken = default) =>
        Task.FromResult<string?>(null);
}

public sealed class FakeDesignerEnvironments : IDesignerEnvironments
{
    public Task<IReadOnlyList<DesignerEnvironment>> ListAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<DesignerEnvironment>>([new("admin", "Administration", "username-password"), new("demo", "Demo", "password-then-otp")]);
}

public sealed class FakeDesignerIdentityProviders : IDesignerIdentityProviders
{
    public List<DesignerIdentityProvider> Items { get; } =
    [
        new("corporate", "Corporate", "https://login.corp.test", "flows", true, ["profile", "email"],
            new Dictionary<string, string> { ["username"] = "upn" }, ["corp.test"], "/demo/idp/corporate/callback"),
        new("partner", "Partner", "https://id.partner.test", "flows-partner", false, [], new Dictionary<string, string>(), [], "/demo/idp/partner/callback"),
    ];

    /// <summary>Each save: the change and whether it created the provider.</summary>
    public List<(DesignerIdentityProviderChange Change, bool Creating)> Saved { get; } = [];

    public List<string> Deleted { get; } = [];

    /// <summary>What the next save answers: null saves.</summary>
    public string? Refusal { get; set; }

    public Task<IReadOnlyList<DesignerIdentityProvider>> ListAsync(string environmentId, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<DesignerIdentityProvider>>(Items.ToList());

    public Task<string?> SaveAsync(string environmentId, DesignerIdentityProviderChange change, bool creating, CancellationToken cancellationToken = default)
    {
        if (Refusal is not null)
        {
            return Task.FromResult<string?>(Refusal);
        }

        Saved.Add((change, creating));
        var shown = new DesignerIdentityProvider(change.Id, change.Name, change.Issuer, change.ClientId,
            change.ClientSecret is not null || Items.Any(p => p.Id == change.Id && p.HasClientSecret), change.Scopes, change.Claims, change.Domains,
            $"/{environmentId}/idp/{change.Id}/callback");
        Items.RemoveAll(p => p.Id == change.Id);
        Items.Add(shown);
        return Task.FromResult<string?>(null);
    }

    public Task<string?> DeleteAsync(string environmentId, string providerId, CancellationToken cancellationToken = default)
    {
        Deleted.Add(providerId);
        Items.RemoveAll(p => p.Id == providerId);
        return Task.FromResult<string?>(null);
    }
}

public sealed class FakeDesignerOutbound : IDesignerOutbound
{
    public DesignerOutbound Settings { get; set; } = new(["risk.test"], [], false, null);

    public int SecretsGenerated { get; private set; }

    public Task<DesignerOutbound?> GetAsync(string environmentId, CancellationToken cancellationToken = default) =>
        Task.FromResult<DesignerOutbound?>(Settings);

    public Task<string?> SaveAsync(
        string environmentId, IReadOnlyList<string> allowedHosts, IReadOnlyList<string> allowedPrivateAddresses, CancellationToken cancellationToken = default)
    {
        if (allowedHosts.Any(host => host.Contains('/')))
        {
            return Task.FromResult<string?>("Invalid data: a host name, not a URL.");
        }

        Settings = Settings with { AllowedHosts = allowedHosts, AllowedPrivateAddresses = allowedPrivateAddresses };
        return Task.FromResult<string?>(null);
    }

    public Task<DesignerOutboundSecret> GenerateSecretAsync(string environmentId, CancellationToken cancellationToken = default)
    {
        SecretsGenerated++;
        Settings = Settings with { HasSecret = true, SecretCreatedAt = DateTimeOffset.UtcNow };
        return Task.FromResult(new DesignerOutboundSecret($"generated-secret-{SecretsGenerated}", null));
    }
}

public sealed class FakeDesignerEmailSettings : IDesignerEmailSettings
{
    public IReadOnlyList<DesignerEmailSecurity> Securities { get; set; } =
        [new("StartTls", "STARTTLS"), new("SslOnConnect", "TLS on connect"), new("None", "None (a local relay only)")];

    /// <summary>Null: the environment has none yet.</summary>
    public DesignerEmailSettings? Settings { get; set; } = new("smtp.example.test", 587, "StartTls", "mailer", true, "flows@example.test", "Flows");

    public List<DesignerEmailSettingsChange> Saved { get; } = [];

    public Task<DesignerEmailSettings?> GetAsync(string environmentId, CancellationToken cancellationToken = default) =>
        Task.FromResult<DesignerEmailSettings?>(Settings);

    public Task<string?> SaveAsync(string environmentId, DesignerEmailSettingsChange change, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(change.Host))
        {
            return Task.FromResult<string?>("Invalid data: host is required.");
        }

        Saved.Add(change);
        Settings = new(change.Host, change.Port, change.Security, change.Username, Settings?.HasPassword is true || change.Password is not null,
            change.FromAddress, change.FromName);
        return Task.FromResult<string?>(null);
    }
}

public sealed class FakeDesignerUserSchema : IDesignerUserSchema
{
    public List<DesignerUserAttribute> Attributes { get; set; } =
    [
        new("given_name", "string", "First name", true, null),
        new("birthdate", "date", "Date of birth", false, null),
    ];

    public List<IReadOnlyList<DesignerUserAttribute>> Saved { get; } = [];

    public Task<DesignerUserSchema?> GetAsync(string environmentId, CancellationToken cancellationToken = default) =>
        Task.FromResult<DesignerUserSchema?>(new DesignerUserSchema([.. Attributes], ["string", "email", "phone", "date", "boolean", "number"]));

    /// <summary>Refuses a name with a space, as the server's rules do, with the problem under that name.</summary>
    public Task<DesignerUserSchemaRefusal?> SaveAsync(
        string environmentId, IReadOnlyList<DesignerUserAttribute> attributes, CancellationToken cancellationToken = default)
    {
        var refused = attributes.Where(a => a.Name.Contains(' ')).ToDictionary(a => a.Name, a => $"'{a.Name}' is not an attribute name.");
        if (refused.Count > 0)
        {
            return Task.FromResult<DesignerUserSchemaRefusal?>(new("Invalid data: see the attributes marked.", refused));
        }

        Saved.Add(attributes);
        Attributes = [.. attributes];
        return Task.FromResult<DesignerUserSchemaRefusal?>(null);
    }
}

public sealed class FakeDesignerAgreements : IDesignerAgreements
{
    public List<DesignerAgreement> Items { get; } = [];

    public Task<IReadOnlyList<DesignerAgreement>> ListAsync(string environmentId, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<DesignerAgreement>>(Items);
}

/// <summary>Funnels in memory: the counts set per flow version, over that version's definition from <see cref="FakeDesignerFlows"/>.</summary>
public sealed class FakeDesignerFunnels(FakeDesignerFlows flows) : IDesignerFunnels
{
    public Dictionary<(string FlowId, int Version), FlowFunnel> Counts { get; } = [];

    public List<(string FlowId, int Version, DateTimeOffset? From)> Asked { get; } = [];

    public async Task<DesignerFunnel?> GetAsync(
        string environmentId, string flowId, int version, DateTimeOffset? from, CancellationToken cancellationToken = default)
    {
        Asked.Add((flowId, version, from));
        return await flows.GetVersionAsync(environmentId, flowId, version, cancellationToken) is { } definition
            ? new DesignerFunnel(definition, Counts.GetValueOrDefault((flowId, version)) ?? new FlowFunnel(0, new Dictionary<string, FlowFunnelNode>()))
            : null;
    }
}
