namespace Flows.Activities;

/// <summary>
/// Fields of the e-mail and SMS enrolment steps (<see cref="FlowStatuses.EmailEnrollmentRequired"/>,
/// <see cref="FlowStatuses.SmsEnrollmentRequired"/>): the answer <c>{email}</c> or <c>{phone}</c>; a wrong one is refused
/// with this field as the error's target. The code that follows is asked for as <see cref="MessagedCodeFields"/> say.
/// </summary>
public static class ContactEnrollmentFields
{
    /// <summary>The e-mail address to enrol, e.g. <c>alice@example.com</c>.</summary>
    public const string Email = "email";

    /// <summary>The phone number to enrol, in E.164 form, e.g. <c>+15551234567</c>.</summary>
    public const string Phone = "phone";
}
