using Flows.AuthServer.Data;
using Flows.AuthServer.Environments;

namespace Flows.AuthServer.Applications;

/// <summary>Copies an entry's logout addresses (OpenID Connect Back- and Front-Channel Logout 1.0) onto a stored application.</summary>
public static class LogoutRegistration
{
    public static void Apply(FlowsApplication application, EnvironmentFileApplication entry)
    {
        application.BackchannelLogoutUri = entry.BackchannelLogoutUri;
        application.BackchannelLogoutSessionRequired = entry.BackchannelLogoutSessionRequired;
        application.FrontchannelLogoutUri = entry.FrontchannelLogoutUri;
        application.FrontchannelLogoutSessionRequired = entry.FrontchannelLogoutSessionRequired;
    }
}
