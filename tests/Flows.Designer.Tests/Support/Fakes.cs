using Flows.Designer.Services;
using Flows.Engine.Definitions;
using Flows.Engine.Instances;
using Flows.Engine.Validation;

namespace Flows.Designer.Tests.Support;

/// <summary>Flows in memory; records what the components saved and published.</summary>
public sealed class FakeDesignerFlows : IDesignerFlows
{
    public Dictionary<string, FlowDefinition> Drafts { get; } = new(StringComparer.Ordinal);

    public List<(FlowDefinition Definition, string? Note)> Published { get; } = [];

    public List<FlowDefinition> Saved { get; } = [];

    public Task<IReadOnlyList<DesignerFlowSummary>> ListAsync(string environmentId, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<DesignerFlowSummary>>(Drafts.Values.Select(d => new DesignerFlowSummary(d.Id, d.Name, 1, false, null)).ToList());

    public Task<DesignerFlowDraft?> GetDraftAsync(string environmentId, string flowId, CancellationToken cancellationToken = default) =>
        Task.FromResult(Drafts.TryGetValue(flowId, out var draft)
            ? new DesignerFlowDraft(FlowDefinitionSerializer.Deserialize(FlowDefinitionSerializer.Serialize(draft)), 1, false)
            : null);

    public Task<FlowDefinition?> GetVersionAsync(string environmentId, string flowId, int version, CancellationToken cancellationToken = default) =>
        Task.FromResult(Drafts.GetValueOrDefault(flowId));

    public Task SaveDraftAsync(string environmentId, FlowDefinition draft, CancellationToken cancellationToken = default)
    {
        Saved.Add(FlowDefinitionSerializer.Deserialize(FlowDefinitionSerializer.Serialize(draft)));
        return Task.CompletedTask;
    }

    public IReadOnlyList<FlowValidationProblem> Validate(FlowDefinition definition) => [];

    public Task<DesignerPublishResult> PublishAsync(string environmentId, FlowDefinition definition, string? note, CancellationToken cancellationToken = default)
    {
        Published.Add((definition, note));
        return Task.FromResult(new DesignerPublishResult(Published.Count + 1, []));
    }

    public Task<IReadOnlyList<DesignerFlowVersion>> ListVersionsAsync(string environmentId, string flowId, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<DesignerFlowVersion>>([]);

    public Task<DesignerPublishResult> RollbackAsync(string environmentId, string flowId, int version, CancellationToken cancellationToken = default) =>
        Task.FromResult(new DesignerPublishResult(version, []));
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

    public Task<bool> CancelAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        Cancelled.Add(instanceId);
        return Task.FromResult(true);
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

    public Task BindFlowAsync(string environmentId, string clientId, string? flowId, int? version, CancellationToken cancellationToken = default) =>
        Task.CompletedTask;
}

public sealed class FakeDesignerEnvironments : IDesignerEnvironments
{
    public Task<IReadOnlyList<DesignerEnvironment>> ListAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<DesignerEnvironment>>([new("admin", "Administration", "username-password"), new("demo", "Demo", "password-then-otp")]);
}
