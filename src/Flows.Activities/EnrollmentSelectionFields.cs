namespace Flows.Activities;

/// <summary>Fields of the enrolment choice: the prompt's <c>types</c> (the kinds offered) and the answer <c>{type}</c>.</summary>
public static class EnrollmentSelectionFields
{
    public const string Types = "types";

    public const string Type = "type";
}
