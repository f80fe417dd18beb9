using Npgsql;
using NpgsqlTypes;

namespace Errand.Storage.Postgres.Rows;

/// <summary>Positional parameters ($1, $2…) from plain values; nulls are typed by the statement's casts.</summary>
internal static class Parameters
{
    public static NpgsqlParameter Of(object? value) => value switch
    {
        null => new NpgsqlParameter { Value = DBNull.Value },
        DateTimeOffset time => new NpgsqlParameter<DateTimeOffset> { TypedValue = time, NpgsqlDbType = NpgsqlDbType.TimestampTz },
        NpgsqlParameter parameter => parameter,
        _ => new NpgsqlParameter { Value = value },
    };

    /// <summary>A nullable time, typed so that a null still binds as timestamptz.</summary>
    public static NpgsqlParameter Time(DateTimeOffset? value) =>
        new() { Value = value is { } v ? StoreTime.Truncate(v) : DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz };

    /// <summary>A nullable text, typed so that a null still binds as text.</summary>
    public static NpgsqlParameter Text(string? value) => new() { Value = (object?)value ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text };

    /// <summary>A nullable bigint.</summary>
    public static NpgsqlParameter BigInt(long? value) => new() { Value = (object?)value ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Bigint };

    public static NpgsqlParameter TextArray(string?[] values) => new() { Value = values, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text };
}
