namespace Flows.Activities;

/// <summary>
/// The fields of the <see cref="FlowStatuses.AgreementConsentRequired"/> step: the body of <see cref="FlowActions.UserConsent"/>
/// and what the prompt gives the UI (<c>agreement: {id, name, version, language, text}</c>).
/// </summary>
public static class AgreementFields
{
    /// <summary><c>true</c> accepts the agreement, <c>false</c> declines it.</summary>
    public const string Accept = "accept";

    public const string Agreement = "agreement";
    public const string Id = "id";
    public const string Name = "name";
    public const string Version = "version";
    public const string Language = "language";
    public const string Text = "text";
}
