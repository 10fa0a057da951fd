namespace Flows.Activities;

/// <summary>Every activity type of this project, for the engine's registry and the designer's palette.</summary>
public static class FlowsActivityCatalog
{
    public static IReadOnlyList<Type> Types { get; } =
    [
        typeof(AskForIdentifier),
        typeof(AskForUsernamePassword),
        typeof(AskForNewPassword),
        typeof(RecoverPassword),
        typeof(AskForOtp),
        typeof(EnrollOtp),
        typeof(AskForEmailCode),
        typeof(AskForSmsCode),
        typeof(EnrollEmail),
        typeof(EnrollSms),
        typeof(RegisterPasskey),
        typeof(AskForPasskey),
        typeof(AskForRecoveryCode),
        typeof(IssueRecoveryCodes),
        typeof(AskForAgreement),
        typeof(AskForProfileData),
        typeof(RegisterUser),
        typeof(VerifyEmail),
        typeof(ChooseDevice),
        typeof(ChooseEnrollment),
        typeof(UserHasFactor),
        typeof(FactorUsed),
        typeof(RememberDevice),
        typeof(DeviceRemembered),
        typeof(CheckUser),
        typeof(AskForUserCode),
        typeof(SignInWithIdentityProvider),
        typeof(UserDomainMatchesProvider),
        typeof(CallHttpService),
        typeof(RedirectToApplication),
        typeof(RunSubFlow),
        typeof(EndSubFlow),
        typeof(SignIn),
        typeof(Deny),
    ];
}
