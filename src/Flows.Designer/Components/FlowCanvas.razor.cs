using Blazor.Diagrams;
using Blazor.Diagrams.Core.Anchors;
using Blazor.Diagrams.Core.Models;
using Blazor.Diagrams.Core.Models.Base;
using Flows.Designer.Diagram;
using Flows.Designer.Editing;
using Flows.Designer.Services;
using Flows.Engine.Definitions;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;

namespace Flows.Designer.Components;

/// <summary>
/// Shows the editor's flow as a graph and turns what the user does on it (move, connect, delete, select, drop
/// from the palette) into editor commands; the editor's document stays the only source of truth.
/// </summary>
public partial class FlowCanvas : IDisposable
{
    /// <summary>From how many nodes a flow is large enough for the minimap to show by itself.</summary>
    public const int MinimapNodeCount = 15;

    /// <summary>How far each paste lands from what was copied, so the copy never hides the original.</summary>
    private const double PasteStep = 40;

    private readonly BlazorDiagram _diagram = FlowDiagramBuilder.Create(readOnly: false);
    private readonly Dictionary<string, NodePosition> _moves = new(StringComparer.Ordinal);
    private FlowEditor? _editor;
    private bool _filling;
    private bool _fitPending = true;
    private bool _fitted;
    private bool _showMinimap;
    private int _pastes;

    [Parameter, EditorRequired]
    public FlowEditor Editor { get; set; } = null!;

    /// <summary>The activity type being dragged from the palette, if any.</summary>
    [Parameter]
    public Func<string?>? DraggedType { get; set; }

    [Inject]
    private FlowClipboard Clipboard { get; set; } = null!;

    internal BlazorDiagram Diagram => _diagram;

    /// <summary>The flow nodes selected on the canvas (Ctrl+click or Shift+drag select several).</summary>
    public IReadOnlyList<string> SelectedNodeIds =>
        _diagram.GetSelectedModels().OfType<ActivityNodeModel>().Select(node => node.FlowNodeId).ToList();

    protected override void OnInitialized()
    {
        _diagram.Links.Added += OnLinkAdded;
        _diagram.Links.Removed += OnLinkRemoved;
        _diagram.Nodes.Removed += OnNodeRemoved;
        _diagram.SelectionChanged += OnSelectionChanged;
    }

    protected override void OnParametersSet()
    {
        if (ReferenceEquals(_editor, Editor))
        {
            return;
        }

        if (_editor is not null)
        {
            _editor.Changed -= OnEditorChanged;
        }

        _editor = Editor;
        _editor.Changed += OnEditorChanged;
        _showMinimap = Editor.Definition.Nodes.Count >= MinimapNodeCount;
        Fill();
    }

    /// <summary>Lights up a dry run's path up to one of its steps; null puts the canvas back as it was.</summary>
    public void ShowDryRun(DryRunResult? run, int uptoSequence)
    {
        Fill();
        if (run is not null)
        {
            DryRunOverlay.Apply(_diagram, run, uptoSequence);
        }

        StateHasChanged();
    }

    /// <summary>Runs a keyboard command on the canvas's selection.</summary>
    public void Run(FlowCanvasCommand command)
    {
        switch (command)
        {
            case FlowCanvasCommand.Delete when SelectedNodeIds is { Count: > 0 } selected:
                Editor.RemoveNodes(selected);
                break;
            case FlowCanvasCommand.Delete:
                DeleteSelectedLinks();
                break;
            case FlowCanvasCommand.Undo:
                Editor.Undo();
                break;
            case FlowCanvasCommand.Redo:
                Editor.Redo();
                break;
            case FlowCanvasCommand.Copy when Clipboard.Copy(Editor.Definition, SelectedNodeIds):
                _pastes = 0;
                break;
            case FlowCanvasCommand.Paste when Clipboard.Content is { } fragment:
                _pastes++;
                Select(Editor.Paste(fragment, new NodePosition(PasteStep * _pastes, PasteStep * _pastes)));
                break;
            case FlowCanvasCommand.SelectAll:
                Select(Editor.Definition.Nodes.Select(node => node.Id).ToList());
                break;
        }
    }

    private void OnKeyDown(KeyboardEventArgs key)
    {
        if (FlowCanvasShortcuts.Of(key) is { } command)
        {
            Run(command);
        }
    }

    /// <summary>Selects exactly these nodes on the canvas.</summary>
    private void Select(IReadOnlyCollection<string> nodeIds)
    {
        _diagram.UnselectAll();
        foreach (var node in _diagram.Nodes.OfType<ActivityNodeModel>().Where(node => nodeIds.Contains(node.FlowNodeId)))
        {
            _diagram.SelectModel(node, unselectOthers: false);
        }
    }

    private void DeleteSelectedLinks()
    {
        foreach (var link in _diagram.GetSelectedModels().OfType<BaseLinkModel>().ToList())
        {
            if ((link.Source as SinglePortAnchor)?.Port is OutcomePortModel { Parent: ActivityNodeModel from } port)
            {
                Editor.Disconnect(from.FlowNodeId, port.Outcome);
            }
        }
    }

    /// <summary>
    /// Zooms and pans so every node is visible. An edit rebuilds the diagram and the browser measures the new nodes a
    /// moment later, so this waits for their sizes; if some never arrive it fits the nodes that have one.
    /// </summary>
    public async Task FitToView()
    {
        if (!FlowDiagramBuilder.ZoomToFit(_diagram) && !await FlowDiagramBuilder.ZoomToFitWhenMeasuredAsync(_diagram))
        {
            FlowDiagramBuilder.ZoomToFitMeasured(_diagram);
        }
    }

    /// <summary>Where a node added without a drop point goes: the middle of the view, clear of nodes already there.</summary>
    public NodePosition PlaceForNewNode()
    {
        var center = FlowDiagramBuilder.VisibleCenter(_diagram);
        var x = Math.Round(center?.X ?? FlowAutoLayout.Margin);
        var y = Math.Round(center?.Y ?? FlowAutoLayout.Margin);
        while (Editor.Definition.Nodes.Any(node => node.Position is { } p && Math.Abs(p.X - x) < 40 && Math.Abs(p.Y - y) < 40))
        {
            x += 40;
            y += 40;
        }

        return new NodePosition(x, y);
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (_fitPending && RendererInfo.IsInteractive)
        {
            _fitPending = false;

            // A new, empty flow has nothing to fit: fitting later would jump the view to the first node dropped.
            if (Editor.Definition.Nodes.Count == 0)
            {
                _fitted = true;
                StateHasChanged();
                return;
            }

            // The nodes' sizes arrive from the browser after they render; fit once they are known.
            _fitted = await FlowDiagramBuilder.ZoomToFitWhenMeasuredAsync(_diagram);
            if (_fitted)
            {
                // A flow that does not fit at a readable zoom is panned; the minimap shows where the rest of it is.
                _showMinimap |= FlowDiagramBuilder.ExceedsView(_diagram);
                StateHasChanged();
            }
        }
    }

    private void Fill()
    {
        _filling = true;
        try
        {
            foreach (var node in _diagram.Nodes)
            {
                node.Moved -= OnNodeMoved;
            }

            FlowDiagramBuilder.Fill(_diagram, Editor.Definition, Editor.Registry, Editor.Problems, locked: false);
            foreach (var node in _diagram.Nodes.OfType<ActivityNodeModel>())
            {
                node.Moved += OnNodeMoved;
                if (node.FlowNodeId == Editor.SelectedNodeId)
                {
                    _diagram.SelectModel(node, unselectOthers: true);
                }
            }
        }
        finally
        {
            _filling = false;
        }
    }

    private void OnEditorChanged(bool structural)
    {
        if (structural)
        {
            Fill();
        }
        else
        {
            FlowDiagramBuilder.Refresh(_diagram, Editor.Definition, Editor.Registry, Editor.Problems);
        }

        _ = InvokeAsync(StateHasChanged);
    }

    private void OnNodeMoved(MovableModel movable)
    {
        if (movable is not ActivityNodeModel node || _filling)
        {
            return;
        }

        // A dragged selection reports each node in turn, in one go: gather them into one edit, so one undo moves them all back.
        if (_moves.Count == 0)
        {
            _ = InvokeAsync(CommitMoves);
        }

        _moves[node.FlowNodeId] = new NodePosition(Math.Round(node.Position.X), Math.Round(node.Position.Y));
    }

    private void CommitMoves()
    {
        var moves = new Dictionary<string, NodePosition>(_moves, StringComparer.Ordinal);
        _moves.Clear();
        if (moves.Count == 1)
        {
            var (nodeId, position) = moves.Single();
            Editor.MoveNode(nodeId, position);
        }
        else if (moves.Count > 1)
        {
            Editor.MoveNodes(moves);
        }
    }

    private void OnLinkAdded(BaseLinkModel link)
    {
        if (!_filling)
        {
            // A link dragged out of a port is attached when the pointer is released over another port.
            link.TargetAttached += OnLinkAttached;
        }
    }

    private void OnLinkAttached(BaseLinkModel link)
    {
        var source = (link.Source as SinglePortAnchor)?.Port as OutcomePortModel;
        var target = (link.Target as SinglePortAnchor)?.Port?.Parent as ActivityNodeModel;
        if (source?.Parent is ActivityNodeModel from && target is not null)
        {
            // Connect rebuilds the diagram from the document, which also drops this provisional link.
            _ = InvokeAsync(() => Editor.Connect(from.FlowNodeId, source.Outcome, target.FlowNodeId));
        }
        else
        {
            _ = InvokeAsync(Fill);
        }
    }

    private void OnLinkRemoved(BaseLinkModel link)
    {
        if (_filling)
        {
            return;
        }

        if ((link.Source as SinglePortAnchor)?.Port is OutcomePortModel { Parent: ActivityNodeModel from } port && link.Target is SinglePortAnchor)
        {
            _ = InvokeAsync(() => Editor.Disconnect(from.FlowNodeId, port.Outcome));
        }
    }

    private void OnNodeRemoved(NodeModel node)
    {
        if (!_filling && node is ActivityNodeModel activity)
        {
            _ = InvokeAsync(() => Editor.RemoveNode(activity.FlowNodeId));
        }
    }

    private void OnSelectionChanged(SelectableModel model)
    {
        if (_filling || model is not ActivityNodeModel node)
        {
            return;
        }

        var selected = node.Selected ? node.FlowNodeId : null;
        if (selected != Editor.SelectedNodeId && (node.Selected || Editor.SelectedNodeId == node.FlowNodeId))
        {
            _ = InvokeAsync(() => Editor.Select(selected));
        }
    }

    private void OnDropAsync(DragEventArgs args)
    {
        if (DraggedType?.Invoke() is { } type)
        {
            var point = _diagram.GetRelativeMousePoint(args.ClientX, args.ClientY);
            Editor.AddNode(type, new NodePosition(Math.Round(point.X), Math.Round(point.Y)));
        }
    }

    public void Dispose()
    {
        if (_editor is not null)
        {
            _editor.Changed -= OnEditorChanged;
        }

        _diagram.Links.Added -= OnLinkAdded;
        _diagram.Links.Removed -= OnLinkRemoved;
        _diagram.Nodes.Removed -= OnNodeRemoved;
        _diagram.SelectionChanged -= OnSelectionChanged;
    }
}
