namespace Flows.AuthServer.Failures;

/// <summary>The stable codes of <see cref="ErrorCatalog"/>: clients may branch on them, so they never change.</summary>
public static class ErrorCodes
{
    public const string NotFound = "NOT_FOUND";
    public const string FlowExpired = "FLOW_EXPIRED";
    public const string InvalidSession = "INVALID_SESSION";
    public const string Conflict = "CONFLICT";
    public const string FlowEnded = "FLOW_ENDED";
    public const string InvalidAction = "INVALID_ACTION";
    public const string InvalidRequest = "INVALID_REQUEST";
    public const string UnexpectedError = "UNEXPECTED_ERROR";
    public const string EnvironmentNotFound = "ENVIRONMENT_NOT_FOUND";
    public const string StepNotSupported = "STEP_NOT_SUPPORTED";
    public const string UnknownForm = "UNKNOWN_FORM";
    public const string FormExpired = "FORM_EXPIRED";
    public const string SignoffHintInvalid = "SIGNOFF_HINT_INVALID";
    public const string SignoffOtherUser = "SIGNOFF_OTHER_USER";
    public const string SignoffFormExpired = "SIGNOFF_FORM_EXPIRED";
    public const string Unauthorized = "UNAUTHORIZED";
    public const string InsufficientScope = "INSUFFICIENT_SCOPE";
    public const string AlreadyExists = "ALREADY_EXISTS";
    public const string InvalidData = "INVALID_DATA";
    public const string UnsupportedMediaType = "UNSUPPORTED_MEDIA_TYPE";
    public const string PreconditionFailed = "PRECONDITION_FAILED";
    public const string MethodNotAllowed = "METHOD_NOT_ALLOWED";
    public const string SignInFailed = "SIGN_IN_FAILED";
    public const string TooManyRequests = "TOO_MANY_REQUESTS";
    public const string InvalidContinueToken = "INVALID_CONTINUE_TOKEN";
    public const string ContinueTokenExpired = "CONTINUE_TOKEN_EXPIRED";
    public const string ContinueTokenUsed = "CONTINUE_TOKEN_USED";
    public const string ActionRefused = "ACTION_REFUSED";
}
