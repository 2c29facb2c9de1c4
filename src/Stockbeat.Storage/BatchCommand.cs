using System.Data;
using System.Data.Common;

namespace Stockbeat.Storage;

/// <summary>Typed, reusable commands for the statements a write batch runs many times.</summary>
internal static class BatchCommand
{
    /// <summary>A command with its parameters declared (all null), ready to prepare.</summary>
    public static DbCommand Create(DbConnection connection, DbTransaction? tx, string sql, params (string Name, DbType Type)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        foreach (var (name, type) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.DbType = type;
            parameter.Value = DBNull.Value;
            command.Parameters.Add(parameter);
        }

        return command;
    }

    /// <summary>Sets a declared parameter; null becomes SQL NULL.</summary>
    public static void Set(DbCommand command, string name, object? value) =>
        command.Parameters[name].Value = value ?? DBNull.Value;

    /// <summary>Prepares (parses and plans) each of a batch's commands once.</summary>
    public static async Task PrepareAllAsync(CancellationToken ct, params DbCommand[] commands)
    {
        foreach (var command in commands)
        {
            await command.PrepareAsync(ct);
        }
    }

    /// <summary>Disposes each of a batch's commands.</summary>
    public static async ValueTask DisposeAllAsync(params DbCommand[] commands)
    {
        foreach (var command in commands)
        {
            await command.DisposeAsync();
        }
    }
}
