namespace Flows.Activities;

/// <summary>
/// The fields of the recovery-code steps (<see cref="FlowStatuses.MfaRecoveryCodeRequired"/>,
/// <see cref="FlowStatuses.MfaRecoveryCodesIssued"/>).
/// </summary>
public static class RecoveryCodeFields
{
    /// <summary>The body of <see cref="FlowActions.RecoveryCodeCheck"/>: one of the user's codes.</summary>
    public const string Code = "recoveryCode";

    /// <summary>In the prompt of <see cref="FlowStatuses.MfaRecoveryCodesIssued"/>: the new codes, shown this once.</summary>
    public const string Codes = "recoveryCodes";

    /// <summary>In the prompt: how many more codes the user may try.</summary>
    public const string RemainingAttempts = "remainingAttempts";
}
