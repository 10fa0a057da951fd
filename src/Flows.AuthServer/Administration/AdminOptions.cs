namespace Flows.AuthServer.Administration;

/// <summary>
/// The bootstrap administration, like Keycloak's bootstrap admin: configuration section <c>Flows:Admin</c>
/// (<c>Flows__Admin__Password=…</c>). Start-up creates the user and the client in the admin environment when
/// they are missing; a password or secret left unset is generated and shown once on the console.
/// </summary>
public sealed class AdminOptions
{
    public const string Section = "Flows:Admin";
    public const string DefaultUsername = "admin";
    public const string DefaultClientId = "flows-admin";

    /// <summary>The administrator who signs in to the admin environment (the designer).</summary>
    public string? Username { get; set; }

    public string? Password { get; set; }

    /// <summary>The confidential client scripts use: client credentials with every management scope.</summary>
    public string? ClientId { get; set; }

    public string? ClientSecret { get; set; }

    public string EffectiveUsername => Blank(Username) ? DefaultUsername : Username!;

    public string EffectiveClientId => Blank(ClientId) ? DefaultClientId : ClientId!;

    /// <summary>A blank value counts as unset, so an empty environment variable still gets a generated secret.</summary>
    public static bool Blank(string? value) => string.IsNullOrWhiteSpace(value);
}
