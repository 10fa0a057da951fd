using Flows.Engine.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using static OpenIddict.Abstractions.OpenIddictExceptions;

namespace Flows.AuthServer.Protocol.Stores;

/// <summary>
/// Writes one of OpenIddict's entries (an authorization, a token) as one plain statement, leaving it tracked exactly as
/// <c>SaveChanges</c> would have: OpenIddict goes on with the same instance. A sign-in writes six of them; through
/// <c>SaveChanges</c> each one also detected changes across the whole request's context and went through EF Core's
/// batching pipeline.
/// </summary>
internal static class TrackedEntryWrites
{
    private const string Id = "Id";
    private const string ConcurrencyToken = "ConcurrencyToken";

    /// <summary>Inserts a new entry; its key and foreign keys are set by the change tracker, as on <c>SaveChanges</c>.</summary>
    public static async Task InsertAsync<TEntity>(DbContext db, TEntity entity, CancellationToken cancellationToken)
        where TEntity : class
    {
        var entry = db.Add(entity);
        try
        {
            await MappedStatement.Insert<TEntity>(db, property => entry.CurrentValues[property]).ExecuteAsync(cancellationToken);
        }
        catch
        {
            entry.State = EntityState.Detached; // not written: nothing of it may be saved later by another write
            throw;
        }

        Saved(entry);
    }

    /// <summary>
    /// Updates every column of an entry, if its concurrency token is still the one it was read with, and gives it a new
    /// one (as OpenIddict's own stores do).
    /// </summary>
    /// <exception cref="ConcurrencyException">Another request changed or removed the entry meanwhile.</exception>
    public static async Task UpdateAsync<TEntity>(DbContext db, TEntity entity, CancellationToken cancellationToken)
        where TEntity : class
    {
        var entry = db.Entry(entity);
        if (entry.State is EntityState.Detached)
        {
            db.Attach(entity);
        }

        // A navigation set since the entry was read (its application, say) moves its foreign key only here.
        entry.DetectChanges();
        var expected = entry.OriginalValues[ConcurrencyToken];
        entry.Property(ConcurrencyToken).CurrentValue = Guid.NewGuid().ToString();
        var table = MappedTable.Of<TEntity>(db);
        var changed = await MappedStatement.Update<TEntity>(db,
            table.Inserted.Where(property => property != Id).Select(property => (property, entry.CurrentValues[property])),
            (Id, entry.CurrentValues[Id]),
            (ConcurrencyToken, expected)).ExecuteAsync(cancellationToken);
        if (changed == 0)
        {
            entry.State = EntityState.Unchanged;
            throw new ConcurrencyException("The entry was changed or removed by another request.");
        }

        entry.OriginalValues.SetValues(entry.CurrentValues);
        Saved(entry);
    }

    /// <summary>
    /// Leaves the entry as <c>SaveChanges</c> does: unchanged, and its foreign keys known. A shadow one (behind a
    /// navigation) the tracker still holds as unknown until a value is set, and OpenIddict then cannot load its
    /// navigation; the value written is the one set.
    /// </summary>
    private static void Saved(EntityEntry entry)
    {
        foreach (var property in entry.Metadata.GetProperties().Where(property => property.IsShadowProperty()))
        {
            var value = entry.Property(property.Name);
            value.CurrentValue = value.CurrentValue;
        }

        entry.State = EntityState.Unchanged;
    }
}
