using System.Globalization;
using System.Text;

namespace Splitstream.Store;

/// <summary>
/// The simulator's users, seeded by migration 2 so a fresh `make run` has people to show: <c>sim-1</c> … <c>sim-20</c>;
/// the odd-numbered ones share their activities publicly, and each <c>sim-n</c> is friends with <c>sim-(n+1)</c>.
/// More users and friendships: <c>POST /v1/admin/users</c> and <c>POST /v1/admin/friendships</c> (role admin).
/// </summary>
public static class SeedData
{
    public const int SimulatedUsers = 20;

    public static string SimulatedUserId(int n) => "sim-" + n.ToString(CultureInfo.InvariantCulture);

    /// <summary>Plain INSERT … ON CONFLICT DO NOTHING, valid in both SQLite and PostgreSQL.</summary>
    public static string Sql()
    {
        var sql = new StringBuilder();
        for (var n = 1; n <= SimulatedUsers; n++)
        {
            var isPublic = n % 2 == 1 ? "TRUE" : "FALSE";
            sql.Append(CultureInfo.InvariantCulture,
                $"INSERT INTO users (user_id, display_name, public_activities) VALUES ('{SimulatedUserId(n)}', 'Simulated athlete {n}', {isPublic}) ON CONFLICT DO NOTHING;\n");
        }
        for (var n = 1; n < SimulatedUsers; n++)
        {
            var a = SimulatedUserId(n);
            var b = SimulatedUserId(n + 1);
            sql.Append($"INSERT INTO friendships (user_id, friend_id) VALUES ('{a}', '{b}'), ('{b}', '{a}') ON CONFLICT DO NOTHING;\n");
        }
        return sql.ToString();
    }
}
