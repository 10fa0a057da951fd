using AngleSharp.Dom;
using Microsoft.AspNetCore.Components.Web;

namespace Flows.Designer.Tests;

/// <summary>
/// bunit's <c>Click</c>, <c>Change</c> and <c>Input</c>, returning once the event has been handled. bunit's own return
/// at once: while another thread renders (the canvas fitting itself, a list refreshing) the event waits behind that
/// render, and an assertion right after the click sees the page from before it. Declared in the tests' own namespace,
/// these are found before bunit's. A handler that awaits a dialog's answer ends only once the test answers it, so the
/// wait is bounded.
/// </summary>
internal static class HandledEvents
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(2);

    public static void Click(this IElement element, MouseEventArgs? eventArgs = null) =>
        Wait(Bunit.EventHandlerDispatchExtensions.ClickAsync(element, eventArgs ?? new MouseEventArgs()));

    public static void Change<T>(this IElement element, T value) =>
        Wait(Bunit.EventHandlerDispatchExtensions.ChangeAsync(element, value));

    public static void Input<T>(this IElement element, T value) =>
        Wait(Bunit.EventHandlerDispatchExtensions.InputAsync(element, value));

    private static void Wait(Task handled)
    {
        if (Task.WhenAny(handled, Task.Delay(Patience)).GetAwaiter().GetResult() == handled)
        {
            handled.GetAwaiter().GetResult(); // a handler's exception, as bunit's own would throw it
        }
    }
}
