using System.Collections;
using System.Data.Common;
using System.Globalization;

namespace DIH4S.Grains.Storage;

/// <summary>
/// The results of a finished command, held in memory: what <see cref="SqliteDatabase"/> hands back for a
/// write so that its gate is released before the caller reads. Values convert on read as
/// Microsoft.Data.Sqlite's reader does (SQLite integers are 64-bit; callers ask for 32).
/// </summary>
internal sealed class BufferedReader(IReadOnlyList<BufferedReader.Result> results, int recordsAffected) : DbDataReader
{
    private int _result;
    private int _row = -1;
    private bool _closed;

    /// <summary>One result set: its columns' names and types (as the live reader gave them before its first row), and its rows.</summary>
    internal sealed record Result(string[] Names, Type[] Types, List<object[]> Rows);

    private Result Current => results[_result];

    private object Value(int ordinal) => _row >= 0 && _row < Current.Rows.Count
        ? Current.Rows[_row][ordinal]
        : throw new InvalidOperationException("No current row.");

    public override object this[int ordinal] => GetValue(ordinal);

    public override object this[string name] => GetValue(GetOrdinal(name));

    public override int Depth => 0;

    public override int FieldCount => Current.Names.Length;

    public override bool HasRows => Current.Rows.Count > 0;

    public override bool IsClosed => _closed;

    public override int RecordsAffected => recordsAffected;

    public override bool GetBoolean(int ordinal) => Convert.ToBoolean(Value(ordinal), CultureInfo.InvariantCulture);

    public override byte GetByte(int ordinal) => Convert.ToByte(Value(ordinal), CultureInfo.InvariantCulture);

    public override long GetBytes(int ordinal, long dataOffset, byte[]? buffer, int bufferOffset, int length)
    {
        var bytes = (byte[])Value(ordinal);
        if (buffer is null)
        {
            return bytes.Length;
        }

        var count = (int)Math.Min(length, bytes.Length - dataOffset);
        Array.Copy(bytes, dataOffset, buffer, bufferOffset, count);
        return count;
    }

    public override char GetChar(int ordinal) => GetString(ordinal)[0];

    public override long GetChars(int ordinal, long dataOffset, char[]? buffer, int bufferOffset, int length)
    {
        var text = GetString(ordinal);
        if (buffer is null)
        {
            return text.Length;
        }

        var count = (int)Math.Min(length, text.Length - dataOffset);
        text.CopyTo((int)dataOffset, buffer, bufferOffset, count);
        return count;
    }

    public override string GetDataTypeName(int ordinal) => GetFieldType(ordinal).Name;

    public override DateTime GetDateTime(int ordinal) => Value(ordinal) is string text
        ? DateTime.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind)
        : Convert.ToDateTime(Value(ordinal), CultureInfo.InvariantCulture);

    public override decimal GetDecimal(int ordinal) => Convert.ToDecimal(Value(ordinal), CultureInfo.InvariantCulture);

    public override double GetDouble(int ordinal) => Convert.ToDouble(Value(ordinal), CultureInfo.InvariantCulture);

    public override IEnumerator GetEnumerator() => new DbEnumerator(this);

    public override Type GetFieldType(int ordinal) => Current.Types[ordinal];

    public override float GetFloat(int ordinal) => Convert.ToSingle(Value(ordinal), CultureInfo.InvariantCulture);

    public override Guid GetGuid(int ordinal) => Value(ordinal) is Guid guid ? guid : Guid.Parse(GetString(ordinal));

    public override short GetInt16(int ordinal) => Convert.ToInt16(Value(ordinal), CultureInfo.InvariantCulture);

    public override int GetInt32(int ordinal) => Convert.ToInt32(Value(ordinal), CultureInfo.InvariantCulture);

    public override long GetInt64(int ordinal) => Convert.ToInt64(Value(ordinal), CultureInfo.InvariantCulture);

    public override string GetName(int ordinal) => Current.Names[ordinal];

    public override int GetOrdinal(string name)
    {
        var index = Array.FindIndex(Current.Names, n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase));
        return index >= 0 ? index : throw new IndexOutOfRangeException($"No column named {name}.");
    }

    public override string GetString(int ordinal) => Convert.ToString(Value(ordinal), CultureInfo.InvariantCulture) ?? "";

    public override object GetValue(int ordinal) => Value(ordinal);

    public override T GetFieldValue<T>(int ordinal) => Value(ordinal) is T value
        ? value
        : (T)Convert.ChangeType(Value(ordinal), Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T), CultureInfo.InvariantCulture);

    public override int GetValues(object[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var count = Math.Min(values.Length, FieldCount);
        Array.Copy(Current.Rows[_row], values, count);
        return count;
    }

    public override bool IsDBNull(int ordinal) => Value(ordinal) is DBNull;

    public override bool NextResult()
    {
        if (_result + 1 >= results.Count)
        {
            return false;
        }

        _result++;
        _row = -1;
        return true;
    }

    public override bool Read() => ++_row < Current.Rows.Count;

    public override void Close() => _closed = true;
}
