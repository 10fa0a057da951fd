using Flows.Activities;

namespace Flows.AuthServer.Flows;

/// <summary>The user a browser's session signed in, and what it proved of them: a flow run for a step-up starts with this user.</summary>
public sealed record SessionUser(string Username, ProvenSession Proven);
