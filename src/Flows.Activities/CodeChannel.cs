using Flows.Activities.Messaging;
using Flows.Activities.Users;

namespace Flows.Activities;

/// <summary>
/// What the steps that send codes by e-mail or SMS (<see cref="AskForMessagedCode"/>, <see cref="EnrollContactDevice"/>)
/// differ in by channel: the amr value a right code records, the kind of device it proves, and how enrolment asks for
/// the address.
/// </summary>
/// <param name="Contact">The channel codes go through.</param>
/// <param name="Method">The amr value of the channel (RFC 8176 §2), recorded beside <c>otp</c>.</param>
/// <param name="Kind">The kind (<see cref="MfaDeviceKinds"/>) of the device.</param>
/// <param name="EnrollmentStatus">The status of the step asking for the address to enrol.</param>
/// <param name="EnrollAction">The action answering it (and, at the code step, giving another address).</param>
/// <param name="AddressField">The field of the answer that holds the address.</param>
/// <param name="InvalidAddressMessage">What the user is told when the address is not one of the channel.</param>
public sealed record CodeChannel(
    ContactChannel Contact, string Method, string Kind, string EnrollmentStatus, string EnrollAction, string AddressField, string InvalidAddressMessage)
{
    public static CodeChannel Email { get; } = new(
        ContactChannel.Email, AuthenticationMethods.Email, MfaDeviceKinds.Email, FlowStatuses.EmailEnrollmentRequired, FlowActions.EmailEnroll,
        ContactEnrollmentFields.Email, "Enter an e-mail address, such as name@example.com.");

    public static CodeChannel Sms { get; } = new(
        ContactChannel.Sms, AuthenticationMethods.Sms, MfaDeviceKinds.Sms, FlowStatuses.SmsEnrollmentRequired, FlowActions.SmsEnroll,
        ContactEnrollmentFields.Phone, "Enter a phone number in international form, such as +15551234567.");
}
