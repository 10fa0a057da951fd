using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace Flows.Engine.Persistence;

/// <summary>
/// A plain parameterized statement on a context's connection, inside the context's transaction when it has one: the
/// SQL is built from constants and <see cref="MappedTable"/> names only, and every value goes as a parameter typed by its
/// column's mapping.
/// </summary>
public sealed class MappedStatement
{
    private readonly DbContext _db;
    private readonly ISqlGenerationHelper _sql;
    private readonly StringBuilder _text = new();
    private readonly List<(MappedColumn Column, object? Value)> _values = [];

    public MappedStatement(DbContext db)
    {
        _db = db;
        _sql = db.GetService<ISqlGenerationHelper>();
    }

    /// <summary><c>INSERT</c> of every column the application supplies, with the entity's values.</summary>
    public static MappedStatement Insert<TEntity>(DbContext db, TEntity entity)
        where TEntity : class
    {
        var table = MappedTable.Of<TEntity>(db);
        return Insert<TEntity>(db, property => table.Column(property).ValueOf(entity));
    }

    /// <summary>
    /// <c>INSERT</c> of every column the application supplies, each property's value given by <paramref name="valueOf"/>
    /// (say, a tracked entry's current values, shadow properties included).
    /// </summary>
    public static MappedStatement Insert<TEntity>(DbContext db, Func<string, object?> valueOf)
    {
        var table = MappedTable.Of<TEntity>(db);
        return new MappedStatement(db)
            .Append($"INSERT INTO {table.Name} ({string.Join(", ", table.Inserted.Select(property => table.Column(property).Name))}) VALUES ")
            .Values(table.Inserted.Select(property => (table.Column(property), valueOf(property))));
    }

    /// <summary>
    /// <c>UPDATE … SET</c> the given properties <c>WHERE</c> each of <paramref name="where"/> equals its value (or
    /// <c>IS NULL</c>, for a null one).
    /// </summary>
    public static MappedStatement Update<TEntity>(DbContext db, IEnumerable<(string Property, object? Value)> set, params (string Property, object? Value)[] where)
    {
        var table = MappedTable.Of<TEntity>(db);
        var statement = new MappedStatement(db).Append($"UPDATE {table.Name} SET ");
        var first = true;
        foreach (var (property, value) in set)
        {
            var column = table.Column(property);
            statement.Append(first ? "" : ", ").Append($"{column.Name} = ").Value(column, value);
            first = false;
        }

        first = true;
        foreach (var (property, value) in where)
        {
            var column = table.Column(property);
            statement.Append(first ? " WHERE " : " AND ");
            if (value is null)
            {
                statement.Append($"{column.Name} IS NULL");
            }
            else
            {
                statement.Append($"{column.Name} = ").Value(column, value);
            }

            first = false;
        }

        return statement;
    }

    /// <summary>Appends SQL text; only constants and mapped names, never a value.</summary>
    public MappedStatement Append(string sql)
    {
        _text.Append(sql);
        return this;
    }

    /// <summary>Appends a row of values, <c>(p0, p1, …)</c>, each sent as its column maps it.</summary>
    public MappedStatement Values(IEnumerable<(MappedColumn Column, object? Value)> row)
    {
        _text.Append('(');
        var first = true;
        foreach (var (column, value) in row)
        {
            Append(first ? "" : ", ").Value(column, value);
            first = false;
        }

        _text.Append(')');
        return this;
    }

    /// <summary>Appends a parameter's placeholder for <paramref name="value"/>, sent as <paramref name="column"/> maps it.</summary>
    public MappedStatement Value(MappedColumn column, object? value)
    {
        _text.Append(_sql.GenerateParameterNamePlaceholder(ParameterName(_values.Count)));
        _values.Add((column, value));
        return this;
    }

    /// <summary>Runs the statement; the rows it changed.</summary>
    public async Task<int> ExecuteAsync(CancellationToken cancellationToken)
    {
        var database = _db.Database;
        await database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = database.GetDbConnection().CreateCommand();
            command.Transaction = database.CurrentTransaction?.GetDbTransaction();
            command.CommandText = _text.ToString();
            for (var index = 0; index < _values.Count; index++)
            {
                var (column, value) = _values[index];
                command.Parameters.Add(column.Parameter(command, _sql.GenerateParameterName(ParameterName(index)), value));
            }

            return await command.ExecuteNonQueryAsync(cancellationToken);
        }
        finally
        {
            await database.CloseConnectionAsync();
        }
    }

    private static string ParameterName(int index) => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"p{index}");
}
