using Flows.Designer.Services;
using Flows.Engine.Instances;
using Microsoft.AspNetCore.Components;

namespace Flows.Designer.Instances;

/// <summary>
/// The instance table with its filters and cursor paging: the cursors of the pages seen so far are kept, so
/// "Previous" asks the server for that page again rather than caching rows that may have changed.
/// </summary>
public partial class InstanceList
{
    internal const string AnyValue = "";

    /// <summary>The age filter's choices: key, label, maximum age.</summary>
    internal static readonly (string Key, string Label, TimeSpan? MaxAge)[] Ages =
    [
        ("", "Any age", null),
        ("15m", "Last 15 minutes", TimeSpan.FromMinutes(15)),
        ("1h", "Last hour", TimeSpan.FromHours(1)),
        ("24h", "Last 24 hours", TimeSpan.FromHours(24)),
        ("7d", "Last 7 days", TimeSpan.FromDays(7)),
    ];

    private readonly List<string?> _cursors = [null];
    private IReadOnlyList<DesignerApplication> _applications = [];
    private DesignerInstancePage? _page;
    private bool _loading = true;
    private string _status = nameof(FlowInstanceStatus.Suspended);
    private string _application = AnyValue;
    private string _age = AnyValue;
    private string? _user;
    private string? _shownEnvironment;

    [Parameter, EditorRequired]
    public string EnvironmentId { get; set; } = null!;

    [Parameter]
    public int PageSize { get; set; } = 25;

    /// <summary>The status shown first; suspended instances are what operators look for.</summary>
    [Parameter]
    public FlowInstanceStatus? InitialStatus { get; set; } = FlowInstanceStatus.Suspended;

    [Inject]
    private IDesignerInstances Instances { get; set; } = null!;

    [Inject]
    private IDesignerApplications Applications { get; set; } = null!;

    [Inject]
    private NavigationManager Navigation { get; set; } = null!;

    [Inject]
    private TimeProvider Clock { get; set; } = null!;

    protected override void OnInitialized() => _status = InitialStatus?.ToString() ?? AnyValue;

    protected override async Task OnParametersSetAsync()
    {
        if (_shownEnvironment == EnvironmentId)
        {
            return;
        }

        _shownEnvironment = EnvironmentId;
        _application = AnyValue;
        _applications = await Applications.ListAsync(EnvironmentId);
        await ReloadAsync();
    }

    internal DesignerInstanceFilter Filter => new()
    {
        EnvironmentId = EnvironmentId,
        Status = Enum.TryParse<FlowInstanceStatus>(_status, out var status) ? status : null,
        ApplicationId = _application == AnyValue ? null : _application,
        MaxAge = Ages.FirstOrDefault(age => age.Key == _age).MaxAge,
        UserId = string.IsNullOrWhiteSpace(_user) ? null : _user.Trim(),
    };

    private Task OnStatusChanged(string value) => Refilter(() => _status = value);

    private Task OnApplicationChanged(string value) => Refilter(() => _application = value);

    private Task OnAgeChanged(string value) => Refilter(() => _age = value);

    private Task OnUserChanged(string? value) => Refilter(() => _user = value);

    private Task Refilter(Action set)
    {
        set();
        return ReloadAsync();
    }

    /// <summary>Back to the first page, with the current filters.</summary>
    private async Task ReloadAsync()
    {
        _cursors.Clear();
        _cursors.Add(null);
        await LoadAsync();
    }

    private async Task NextAsync()
    {
        _cursors.Add(_page!.Next);
        await LoadAsync();
    }

    private async Task PreviousAsync()
    {
        _cursors.RemoveAt(_cursors.Count - 1);
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        _loading = true;
        StateHasChanged();
        _page = await Instances.ListAsync(Filter, _cursors[^1], PageSize);
        _loading = false;
    }

    private void Open(DesignerInstanceSummary instance) => Navigation.NavigateTo($"instances/{Uri.EscapeDataString(instance.Id)}");

    private string Ago(DateTimeOffset time)
    {
        var age = Clock.GetUtcNow() - time;
        return age.TotalMinutes < 1 ? "just now"
            : age.TotalHours < 1 ? $"{(int)age.TotalMinutes} min ago"
            : age.TotalDays < 1 ? $"{(int)age.TotalHours} h ago"
            : time.ToLocalTime().ToString("yyyy-MM-dd HH:mm");
    }
}
