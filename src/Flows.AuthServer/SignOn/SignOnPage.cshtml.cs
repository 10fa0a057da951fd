using System.Text.Json.Nodes;
using Flows.Activities;
using Flows.AuthServer.Environments;
using Flows.AuthServer.Flows;
using Flows.AuthServer.RateLimiting;
using Flows.AuthServer.Requests;
using Flows.AuthServer.Sessions;
using Flows.Engine.Activities;
using Flows.Engine.Instances;
using Flows.Engine.Runtime;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace Flows.AuthServer.SignOn;

/// <summary>
/// The hosted sign-on page <c>/{env}/signon?flowId=…</c>: shows the step a flow waits on and posts the user's
/// answer to the same <see cref="SignOnFlows"/> service as the JSON API, one page handler per action.
/// </summary>
[FormSizeLimit(MaxBodyBytes)]
[EnableRateLimiting(RateLimitPolicies.FlowActionsPerAddress)]
public sealed class SignOnPageModel(SignOnFlows flows, EnvironmentContext environments) : PageModel, IProblemPage
{
    /// <summary>The id of the element holding the error; every field points at it with aria-describedby.</summary>
    public const string ErrorElementId = "signon-error";

    /// <summary>The form field of the device choice; the page posts <c>{device: {id}}</c> from it.</summary>
    public const string DeviceIdField = "deviceId";

    // As the JSON API: no answer to a sign-on step needs more.
    private const int MaxBodyBytes = 16 * 1024;

    // More than any profile step asks at once; a crafted form cannot make a larger body.
    private const int MaxProfileFields = 100;

    [BindProperty(SupportsGet = true, Name = "flowId")]
    public string? FlowId { get; set; }

    /// <summary>What the page shows: a flow step, or a problem page when <see cref="Problem"/> is set.</summary>
    public SignOnStep Step { get; private set; } = new(SignOnSteps.ProblemPartial, SignOnProblems.NotFound.Title);

    public HostedPageProblem? Problem { get; private set; }

    /// <summary>The error of the last failed attempt at this step, e.g. a wrong password.</summary>
    public FlowError? Error { get; private set; }

    public string? Username { get; private set; }

    /// <summary>Whether the flow is for a user it already knows (a step-up): the username cannot be changed.</summary>
    public bool UsernameFixed { get; private set; }

    public int? RemainingAttempts { get; private set; }

    /// <summary>Where a code step sent its code (masked, e.g. <c>a•••@example.com</c>); null for an authenticator's code.</summary>
    public string? CodeSentTo { get; private set; }

    /// <summary>Whether the code step may send another code now or later in this sign-in.</summary>
    public bool OffersResend { get; private set; }

    /// <summary>Whether the password step offers "Forgot password?".</summary>
    public bool OffersForgotPassword { get; private set; }

    /// <summary>The new authenticator key of an enrollment step.</summary>
    public OtpEnrollmentView? Enrollment { get; private set; }

    /// <summary>The device's user code to prefill, on the device verification step.</summary>
    public string? UserCode { get; private set; }

    /// <summary>The WebAuthn options (JSON) of a passkey step, for the page's script.</summary>
    public string? PasskeyOptions { get; private set; }

    /// <summary>Whether a username step offers the browser's passkey autofill (WebAuthn conditional mediation).</summary>
    public bool OffersPasskeyAutofill { get; private set; }

    /// <summary>Whether the passkey step lets the user turn to a recovery code instead.</summary>
    public bool OffersRecoveryCode { get; private set; }

    /// <summary>The new recovery codes, on the step that shows them once.</summary>
    public IReadOnlyList<string>? RecoveryCodes { get; private set; }

    /// <summary>The user's devices, on the device choice.</summary>
    public IReadOnlyList<DeviceChoice>? Devices { get; private set; }

    /// <summary>The kinds of second factor offered, on the enrolment choice.</summary>
    public IReadOnlyList<string>? EnrollmentKinds { get; private set; }

    /// <summary>For how many days the browser would be remembered, on the remember-this-device step.</summary>
    public int? RememberDays { get; private set; }

    /// <summary>What a third-party application, or a device, asks the user to allow, on a consent step.</summary>
    public ConsentView? Consent { get; private set; }

    /// <summary>The agreement to accept, on an agreement step.</summary>
    public AgreementView? Agreement { get; private set; }

    /// <summary>The form of a registration step.</summary>
    public RegistrationView? Registration { get; private set; }

    /// <summary>Whether the identifier or the password step offers to create an account.</summary>
    public bool OffersRegistration { get; private set; }

    /// <summary>The attributes to fill in, on a profile step.</summary>
    public ProfileView? Profile { get; private set; }

    /// <summary>Whether the password change is asked because the password expired (not because an administrator required it).</summary>
    public bool PasswordExpired { get; private set; }

    /// <summary>The identity provider a flow waits on, on an external authentication step.</summary>
    public ExternalAuthenticationView? External { get; private set; }

    /// <summary>Where the user continues when the flow waits on an outside application (its continue token in the query).</summary>
    public string? ExternalRedirectUrl { get; private set; }

    /// <summary>Why a failed flow ended, in the flow's own words.</summary>
    public string? FailureMessage { get; private set; }

    public string? ResumeUrl { get; private set; }

    public string ContinueUrl => FlowUrls.Local(Request, FlowUrls.SignOn(environments.Current?.Id ?? "", FlowId ?? ""));

    public string ContinueLabel => "Continue";

    public Task<IActionResult> OnGetAsync() =>
        WithFlowAsync(async (environmentId, sessionToken) =>
            Show(await flows.FindAsync(environmentId, FlowId!, sessionToken, HttpContext.RequestAborted)));

    // The form fields are named by the activities' constants (the partials use the same), so the page posts
    // exactly the body the JSON API takes for the action.
    public Task<IActionResult> OnPostUsernamePasswordAsync(
        [FromForm(Name = UsernamePasswordFields.Username)] string? username,
        [FromForm(Name = UsernamePasswordFields.Password)] string? password) =>
        ActAsync(FlowAction.Create(FlowActions.UsernamePasswordCheck, new JsonObject
        {
            [UsernamePasswordFields.Username] = username,
            [UsernamePasswordFields.Password] = password,
        }), typedUsername: username);

    public Task<IActionResult> OnPostUserLookupAsync([FromForm(Name = IdentifierFields.Username)] string? username) =>
        ActAsync(FlowAction.Create(FlowActions.UserLookup, new JsonObject { [IdentifierFields.Username] = username }), typedUsername: username);

    public Task<IActionResult> OnPostAgreementAsync([FromForm(Name = AgreementFields.Accept)] string? accept) =>
        ActAsync(FlowAction.Create(FlowActions.UserConsent, new JsonObject { [AgreementFields.Accept] = accept }));

    // Fields named attributes[name] bind here, so the page posts the body user.update takes.
    public Task<IActionResult> OnPostProfileAsync([FromForm(Name = ProfileFields.Attributes)] Dictionary<string, string?>? attributes) =>
        ActAsync(FlowAction.Create(FlowActions.UserUpdate, new JsonObject
        {
            [ProfileFields.Attributes] = new JsonObject([.. (attributes ?? []).Take(MaxProfileFields)
                .Select(pair => KeyValuePair.Create(pair.Key, (JsonNode?)JsonValue.Create(pair.Value ?? "")))]),
        }));

    public Task<IActionResult> OnPostRegistrationStartAsync() =>
        ActAsync(FlowAction.Create(FlowActions.UserRegister, new JsonObject()));

    // Fields named attributes[name] bind to the attributes, so the page posts the body user.register takes.
    public Task<IActionResult> OnPostRegisterAsync(
        [FromForm(Name = RegistrationFields.Username)] string? username,
        [FromForm(Name = RegistrationFields.Email)] string? email,
        [FromForm(Name = RegistrationFields.Password)] string? password,
        [FromForm(Name = RegistrationFields.Attributes)] Dictionary<string, string?>? attributes) =>
        ActAsync(FlowAction.Create(FlowActions.UserRegister, new JsonObject
        {
            [RegistrationFields.Username] = username,
            [RegistrationFields.Email] = email,
            [RegistrationFields.Password] = password,
            [RegistrationFields.Attributes] = new JsonObject([.. (attributes ?? []).Take(MaxProfileFields)
                .Select(pair => KeyValuePair.Create(pair.Key, (JsonNode?)JsonValue.Create(pair.Value ?? "")))]),
        }));

    public Task<IActionResult> OnPostVerifyAsync([FromForm(Name = VerificationFields.VerificationCode)] string? code) =>
        ActAsync(FlowAction.Create(FlowActions.UserVerify, new JsonObject { [VerificationFields.VerificationCode] = code }));

    public Task<IActionResult> OnPostSendVerificationCodeAsync() =>
        ActAsync(FlowAction.Create(FlowActions.UserSendVerificationCode, new JsonObject()));

    public Task<IActionResult> OnPostPasswordResetAsync(
        [FromForm(Name = MustChangePasswordFields.CurrentPassword)] string? currentPassword,
        [FromForm(Name = MustChangePasswordFields.NewPassword)] string? newPassword) =>
        ActAsync(FlowAction.Create(FlowActions.PasswordReset, new JsonObject
        {
            [MustChangePasswordFields.CurrentPassword] = currentPassword,
            [MustChangePasswordFields.NewPassword] = newPassword,
        }));

    public Task<IActionResult> OnPostPasswordForgotAsync([FromForm(Name = PasswordRecoveryFields.Username)] string? username) =>
        ActAsync(FlowAction.Create(FlowActions.PasswordForgot, new JsonObject { [PasswordRecoveryFields.Username] = username }));

    public Task<IActionResult> OnPostPasswordRecoverAsync(
        [FromForm(Name = PasswordRecoveryFields.RecoveryCode)] string? recoveryCode,
        [FromForm(Name = PasswordRecoveryFields.NewPassword)] string? newPassword) =>
        ActAsync(FlowAction.Create(FlowActions.PasswordRecover, new JsonObject
        {
            [PasswordRecoveryFields.RecoveryCode] = recoveryCode,
            [PasswordRecoveryFields.NewPassword] = newPassword,
        }));

    public Task<IActionResult> OnPostPasswordSendRecoveryCodeAsync() =>
        ActAsync(FlowAction.Create(FlowActions.PasswordSendRecoveryCode, new JsonObject()));

    public Task<IActionResult> OnPostOtpAsync([FromForm(Name = OtpFields.Code)] string? code) =>
        ActAsync(FlowAction.Create(FlowActions.OtpCheck, new JsonObject { [OtpFields.Code] = code }));

    public Task<IActionResult> OnPostOtpResendAsync() =>
        ActAsync(FlowAction.Create(FlowActions.OtpResend, new JsonObject()));

    public Task<IActionResult> OnPostOtpEnrollAsync([FromForm(Name = OtpEnrollmentFields.Code)] string? code) =>
        ActAsync(FlowAction.Create(FlowActions.OtpEnroll, new JsonObject { [OtpEnrollmentFields.Code] = code }));

    public Task<IActionResult> OnPostEmailEnrollAsync([FromForm(Name = ContactEnrollmentFields.Email)] string? email) =>
        ActAsync(FlowAction.Create(FlowActions.EmailEnroll, new JsonObject { [ContactEnrollmentFields.Email] = email }));

    public Task<IActionResult> OnPostSmsEnrollAsync([FromForm(Name = ContactEnrollmentFields.Phone)] string? phone) =>
        ActAsync(FlowAction.Create(FlowActions.SmsEnroll, new JsonObject { [ContactEnrollmentFields.Phone] = phone }));

    public Task<IActionResult> OnPostPasskeyRegisterAsync([FromForm(Name = PasskeyFields.Attestation)] string? attestation) =>
        ActAsync(FlowAction.Create(FlowActions.PasskeyRegister, new JsonObject { [PasskeyFields.Attestation] = attestation }));

    public Task<IActionResult> OnPostAssertionAsync([FromForm(Name = PasskeyFields.Assertion)] string? assertion) =>
        ActAsync(FlowAction.Create(FlowActions.AssertionCheck, new JsonObject { [PasskeyFields.Assertion] = assertion }));

    public Task<IActionResult> OnPostRecoveryCodeUseAsync() =>
        ActAsync(FlowAction.Create(FlowActions.RecoveryCodeUse, new JsonObject()));

    public Task<IActionResult> OnPostRecoveryCodeAsync([FromForm(Name = RecoveryCodeFields.Code)] string? code) =>
        ActAsync(FlowAction.Create(FlowActions.RecoveryCodeCheck, new JsonObject { [RecoveryCodeFields.Code] = code }));

    public Task<IActionResult> OnPostRecoveryCodesAcknowledgeAsync() =>
        ActAsync(FlowAction.Create(FlowActions.RecoveryCodesAcknowledge, new JsonObject()));

    public Task<IActionResult> OnPostDeviceSelectAsync([FromForm(Name = DeviceIdField)] string? deviceId) =>
        ActAsync(FlowAction.Create(FlowActions.DeviceSelect, new JsonObject
        {
            [DeviceSelectionFields.Device] = new JsonObject { [DeviceSelectionFields.Id] = deviceId },
        }));

    public Task<IActionResult> OnPostEnrollmentSelectAsync([FromForm(Name = EnrollmentSelectionFields.Type)] string? type) =>
        ActAsync(FlowAction.Create(FlowActions.EnrollmentSelect, new JsonObject { [EnrollmentSelectionFields.Type] = type }));

    // An unchecked box posts nothing: only "true" remembers.
    public Task<IActionResult> OnPostDeviceRememberAsync([FromForm(Name = RememberDeviceFields.Remember)] string? remember) =>
        ActAsync(FlowAction.Create(FlowActions.DeviceRemember, new JsonObject
        {
            [RememberDeviceFields.Remember] = string.Equals(remember, bool.TrueString, StringComparison.OrdinalIgnoreCase),
        }));

    public Task<IActionResult> OnPostConsentAsync([FromForm(Name = ConsentFields.Accept)] string? accept) =>
        ActAsync(FlowAction.Create(FlowActions.UserConsent, new JsonObject { [ConsentFields.Accept] = accept }));

    public Task<IActionResult> OnPostDeviceUserCodeAsync([FromForm(Name = DeviceAuthorizationFields.UserCode)] string? userCode) =>
        ActAsync(FlowAction.Create(FlowActions.DeviceUserCodeVerify, new JsonObject { [DeviceAuthorizationFields.UserCode] = userCode }));

    public Task<IActionResult> OnPostDeviceConsentAsync([FromForm(Name = DeviceAuthorizationFields.Accept)] string? accept) =>
        ActAsync(FlowAction.Create(FlowActions.DeviceConsent, new JsonObject { [DeviceAuthorizationFields.Accept] = accept }));

    /// <summary>A post naming no handler this page has (a hand-made or outdated form).</summary>
    public IActionResult OnPost() => ShowProblem(SignOnProblems.UnknownForm);

    /// <summary>
    /// Runs the action. A failed check (the step asks again, with an error) is shown at once, keeping what the
    /// user typed; anything else redirects, so a reload never posts twice.
    /// </summary>
    private Task<IActionResult> ActAsync(FlowAction action, string? typedUsername = null) =>
        WithFlowAsync(async (environmentId, sessionToken) =>
        {
            SignOnResult result;
            try
            {
                result = await flows.ActAsync(environmentId, FlowId!, sessionToken, action, HttpContext.RequestAborted,
                    RateLimitKeys.Address(HttpContext));
            }
            catch (FlowActionRejectedException rejected)
            {
                // The flow is as it was: its step again, with the step's reason, and a 400 as the flow API answers.
                var current = await flows.FindAsync(environmentId, FlowId!, sessionToken, HttpContext.RequestAborted);
                var page = Show(current, error: rejected.Error, posted: action);
                HttpContext.Response.StatusCode = StatusCodes.Status400BadRequest;
                return page;
            }

            var (instance, renewed) = result;
            SessionCookie.Write(HttpContext, environmentId, renewed);
            if (instance.Status == FlowInstanceStatus.Completed)
            {
                return LocalRedirect(FlowUrls.Local(Request, FlowUrls.ResumeOf(instance)));
            }

            return instance is { Status: FlowInstanceStatus.Suspended, Prompt.Error: not null }
                ? Show(instance, typedUsername)
                : LocalRedirect(FlowUrls.Local(Request, FlowUrls.SignOn(environmentId, instance.Id)));
        });

    private async Task<IActionResult> WithFlowAsync(Func<string, string?, Task<IActionResult>> call)
    {
        if (environments.Current is not { } environment)
        {
            return ShowProblem(SignOnProblems.UnknownEnvironment);
        }

        if (string.IsNullOrWhiteSpace(FlowId))
        {
            return ShowProblem(SignOnProblems.NotFound);
        }

        try
        {
            return await call(environment.Id, SessionCookie.Read(HttpContext));
        }
        catch (FlowException exception)
        {
            // Unknown exceptions go on to the app's handler, which shows the UNEXPECTED_ERROR page.
            return ShowProblem(SignOnProblems.For(exception, HttpContext));
        }
    }

    private IActionResult Show(FlowInstance instance, string? typedUsername = null, FlowError? error = null, FlowAction? posted = null)
    {
        var status = FlowResource.StatusOf(instance);
        if (SignOnSteps.For(status) is not { } step)
        {
            return ShowProblem(SignOnProblems.UnsupportedStep);
        }

        Step = step;
        Error = error ?? instance.Prompt?.Error;
        var data = instance.Prompt?.Data;
        UsernameFixed = SignOnPromptData.UsernameFixed(status, data);
        Username = string.IsNullOrWhiteSpace(typedUsername) || UsernameFixed
            ? SignOnPromptData.Username(status, data)
            : typedUsername.Trim();
        RemainingAttempts = SignOnPromptData.RemainingAttempts(status, data);
        CodeSentTo = SignOnPromptData.CodeSentTo(status, data);
        OffersResend = (instance.Prompt?.Accepts(FlowActions.OtpResend) == true || instance.Prompt?.Accepts(FlowActions.UserSendVerificationCode) == true
            || instance.Prompt?.Accepts(FlowActions.PasswordSendRecoveryCode) == true)
            && SignOnPromptData.GetInt(data, MessagedCodeFields.RemainingResends) > 0;
        OffersRegistration = status is FlowStatuses.SignOnRequired or FlowStatuses.UsernamePasswordRequired
            && instance.Prompt?.Accepts(FlowActions.UserRegister) == true;
        Registration = status == FlowStatuses.RegistrationRequired
            ? RegistrationView.From(data, Error, posted?.Name == FlowActions.UserRegister ? posted.Body : null)
            : null;
        if (status == FlowStatuses.RegistrationRequired && Registration is null)
        {
            return ShowProblem(SignOnProblems.UnsupportedStep);
        }
        OffersForgotPassword = instance.Prompt?.Accepts(FlowActions.PasswordForgot) == true;
        Enrollment = status == FlowStatuses.OtpEnrollmentRequired ? OtpEnrollmentView.From(data) : null;
        if (status == FlowStatuses.OtpEnrollmentRequired && Enrollment is null)
        {
            return ShowProblem(SignOnProblems.UnsupportedStep);
        }

        PasskeyOptions = SignOnPromptData.PasskeyOptions(status, data);
        if (PasskeyOptions is not null)
        {
            HostedPageHeaders.AllowOwnScripts(HttpContext);
        }

        OffersPasskeyAutofill = PasskeyOptions is not null && status is FlowStatuses.SignOnRequired or FlowStatuses.UsernamePasswordRequired
            && instance.Prompt?.Accepts(FlowActions.AssertionCheck) == true;
        OffersRecoveryCode = instance.Prompt?.Accepts(FlowActions.RecoveryCodeUse) == true;
        RecoveryCodes = SignOnPromptData.RecoveryCodes(status, data);
        Devices = SignOnPromptData.Devices(status, data);
        EnrollmentKinds = SignOnPromptData.EnrollmentKinds(status, data);
        RememberDays = SignOnPromptData.RememberDays(status, data);
        UserCode = SignOnPromptData.UserCode(status, data);
        var asksConsent = status is FlowStatuses.ConsentRequired or FlowStatuses.DeviceConsentRequired;
        Consent = asksConsent ? ConsentView.From(data) : null;
        if (asksConsent && Consent is null)
        {
            return ShowProblem(SignOnProblems.UnsupportedStep);
        }

        PasswordExpired = status == FlowStatuses.PasswordExpired;
        Agreement = status == FlowStatuses.AgreementConsentRequired ? AgreementView.From(data) : null;
        Profile = status == FlowStatuses.ProfileDataRequired ? ProfileView.From(data) : null;
        if ((status == FlowStatuses.AgreementConsentRequired && Agreement is null) || (status == FlowStatuses.ProfileDataRequired && Profile is null))
        {
            return ShowProblem(SignOnProblems.UnsupportedStep);
        }

        External = status == FlowStatuses.ExternalAuthenticationRequired ? ExternalAuthenticationView.From(instance, Request) : null;
        if (status == FlowStatuses.ExternalAuthenticationRequired)
        {
            if (External is null)
            {
                return ShowProblem(SignOnProblems.UnsupportedStep);
            }

            if (External.RedirectImmediately && Error is null)
            {
                return LocalRedirect(External.AuthenticateUrl);
            }
        }

        ExternalRedirectUrl = status == FlowStatuses.ExternalActionRequired
            && data?[Activities.Outbound.ApplicationAnswerFields.RedirectUrl] is JsonValue redirect && redirect.TryGetValue<string>(out var url)
                ? url
                : null;
        if (status == FlowStatuses.ExternalActionRequired && ExternalRedirectUrl is null)
        {
            return ShowProblem(SignOnProblems.UnsupportedStep);
        }

        FailureMessage = instance.Error?.Message;
        ResumeUrl = instance.Status == FlowInstanceStatus.Completed ? FlowUrls.Local(Request, FlowUrls.ResumeOf(instance)) : null;
        return Page();
    }

    private PageResult ShowProblem(HostedPageProblem problem)
    {
        Problem = problem;
        Step = new SignOnStep(SignOnSteps.ProblemPartial, problem.Title);
        var page = Page();
        page.StatusCode = problem.StatusCode;
        return page;
    }
}
