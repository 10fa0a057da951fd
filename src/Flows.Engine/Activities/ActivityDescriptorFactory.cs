using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Flows.Engine.Activities;

/// <summary>Builds descriptors from activity classes, so the palette can never disagree with the code.</summary>
public static class ActivityDescriptorFactory
{
    /// <summary>How property values are read from and written to JSON: camelCase names and enum values.</summary>
    public static readonly JsonSerializerOptions ValueOptions = CreateValueOptions();

    public static ActivityDescriptor Describe(Type activityType)
    {
        if (!typeof(Activity).IsAssignableFrom(activityType) || activityType.IsAbstract)
        {
            throw new ArgumentException($"{activityType.Name} is not a concrete activity.", nameof(activityType));
        }

        var attribute = activityType.GetCustomAttribute<ActivityAttribute>()
            ?? throw new ArgumentException($"{activityType.Name} has no [Activity] attribute.", nameof(activityType));

        return new ActivityDescriptor(
            activityType.Name,
            attribute.DisplayName,
            attribute.Category,
            attribute.Description,
            typeof(InteractiveActivity).IsAssignableFrom(activityType),
            DescribeProperties(activityType),
            DescribeOutcomes(activityType))
        {
            ClrType = activityType,
        };
    }

    private static List<ActivityPropertyDescriptor> DescribeProperties(Type activityType) =>
        activityType.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Select(property => (property, input: property.GetCustomAttribute<ActivityInputAttribute>()))
            .Where(pair => pair.input is not null)
            .Select(pair => DescribeProperty(pair.property, pair.input!))
            .ToList();

    private static ActivityPropertyDescriptor DescribeProperty(PropertyInfo property, ActivityInputAttribute input)
    {
        var clrType = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
        return new ActivityPropertyDescriptor(
            JsonNamingPolicy.CamelCase.ConvertName(property.Name),
            input.DisplayName,
            input.Description,
            KindOf(clrType, property),
            input.Required,
            input.Default is null ? null : JsonSerializer.SerializeToElement(input.Default, clrType, ValueOptions),
            clrType.IsEnum ? Enum.GetNames(clrType).Select(JsonNamingPolicy.CamelCase.ConvertName).ToList() : null)
        {
            ClrProperty = property,
            NamesOutcomes = input.NamesOutcomes && clrType == typeof(string[]),
            Lookup = clrType == typeof(string) ? input.Lookup : null,
            Suggest = clrType == typeof(string) || clrType == typeof(string[]) ? input.Suggest : null,
        };
    }

    private static ActivityPropertyType KindOf(Type clrType, PropertyInfo property) => clrType switch
    {
        _ when clrType == typeof(string) => ActivityPropertyType.String,
        _ when clrType == typeof(int) => ActivityPropertyType.Integer,
        _ when clrType == typeof(bool) => ActivityPropertyType.Boolean,
        _ when clrType == typeof(string[]) => ActivityPropertyType.StringList,
        _ when clrType.IsEnum => ActivityPropertyType.Choice,
        _ => throw new ArgumentException(
            $"{property.DeclaringType?.Name}.{property.Name}: inputs are string, int, bool, string[] or an enum."),
    };

    private static List<ActivityOutcomeDescriptor> DescribeOutcomes(Type activityType) =>
        activityType.GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(field => field.IsLiteral && field.FieldType == typeof(string))
            .Select(field => (field, outcome: field.GetCustomAttribute<OutcomeAttribute>()))
            .Where(pair => pair.outcome is not null)
            .Select(pair => new ActivityOutcomeDescriptor((string)pair.field.GetRawConstantValue()!, pair.outcome!.Description)
            {
                OnlyWhen = pair.outcome.OnlyWhen is { } input ? JsonNamingPolicy.CamelCase.ConvertName(input) : null,
            })
            .ToList();

    private static JsonSerializerOptions CreateValueOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        return options;
    }
}
