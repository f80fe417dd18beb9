namespace Errand.Storage.Postgres.Schema;

/// <summary>One numbered schema change. Versions are 1, 2, 3… with no gaps; a released migration never changes.</summary>
/// <param name="Version">The schema version the database is at after this migration.</param>
/// <param name="Name">What it does, for errors and logs.</param>
/// <param name="Sql">The script, run inside the migration's transaction.</param>
internal sealed record Migration(int Version, string Name, string Sql);
