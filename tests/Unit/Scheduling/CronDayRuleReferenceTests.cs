using System;
using System.Collections.Generic;
using System.Linq;
using AgentProc.Scheduling;
using Xunit;

namespace AgentProc.Tests.Scheduling;

/// <summary>
/// Vixie's day rule (OR when both day fields are restricted) checked against a brute-force reference:
/// random expressions are generated together with the value sets they mean, and the reference walks the
/// calendar day by day, matching robfig's rule literally. Cronos computes the schedule's side.
/// </summary>
public class CronDayRuleReferenceTests
{
    private const int Expressions = 600;
    private const int RunsEach = 12;

    private static readonly string[] DayNames = { "SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT" };
    private static readonly string[] MonthNames = { "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC" };

    [Fact]
    public void Random_expressions_fire_when_the_reference_says()
    {
        var random = new Random(11);
        var orCases = 0;
        for (var i = 0; i < Expressions; i++)
        {
            var reference = Reference.Generate(random);
            orCases += reference.UsesOr ? 1 : 0;
            var after = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero).AddDays(random.Next(0, 6 * 365)).AddSeconds(random.Next(0, 86400));

            var expected = reference.Occurrences(after, RunsEach);
            var actual = CronSchedule.Parse(reference.Expression, TimeZoneInfo.Utc).GetOccurrences(after, RunsEach);

            Assert.True(expected.SequenceEqual(actual),
                $"'{reference.Expression}' after {after:o}:\n expected {string.Join(", ", expected.Select(t => t.ToString("yyyy-MM-dd HH:mm:ss ddd")))}\n actual   {string.Join(", ", actual.Select(t => t.ToString("yyyy-MM-dd HH:mm:ss ddd")))}");
        }

        // The generator must exercise both rules, not mostly one.
        Assert.InRange(orCases, Expressions / 4, Expressions * 3 / 4);
    }

    private sealed class Reference
    {
        private readonly int[] seconds, minutes, hours;
        private readonly HashSet<int> daysOfMonth, months, daysOfWeek;
        private readonly bool dayOfMonthStar, dayOfWeekStar;

        private Reference(string expression, int[] seconds, int[] minutes, int[] hours,
            (HashSet<int> Values, bool Star) dayOfMonth, HashSet<int> months, (HashSet<int> Values, bool Star) dayOfWeek)
        {
            Expression = expression;
            this.seconds = seconds;
            this.minutes = minutes;
            this.hours = hours;
            daysOfMonth = dayOfMonth.Values;
            dayOfMonthStar = dayOfMonth.Star;
            this.months = months;
            daysOfWeek = dayOfWeek.Values;
            dayOfWeekStar = dayOfWeek.Star;
        }

        public string Expression { get; }

        public bool UsesOr => !dayOfMonthStar && !dayOfWeekStar;

        public static Reference Generate(Random random)
        {
            // Time fields stay simple so that runs spread over many days, where the day rule shows.
            var (secondText, seconds) = random.Next(2) == 0 ? ("0", new[] { 0 }) : ("15,45", new[] { 15, 45 });
            var (minuteText, minutes) = random.Next(2) == 0 ? ("30", new[] { 30 }) : ("*/20", new[] { 0, 20, 40 });
            var (hourText, hours) = random.Next(2) == 0 ? ("9", new[] { 9 }) : ("6-18/12", new[] { 6, 18 });
            var (dayOfMonthText, dayOfMonth) = DayField(random, 1, 31, names: null);
            var (monthText, months) = MonthField(random);
            var (dayOfWeekText, dayOfWeek) = DayField(random, 0, 6, DayNames);

            var text = $"{secondText} {minuteText} {hourText} {dayOfMonthText} {monthText} {dayOfWeekText}";
            return new Reference(text, seconds, minutes, hours, dayOfMonth, months, dayOfWeek);
        }

        public IReadOnlyList<DateTimeOffset> Occurrences(DateTimeOffset after, int count)
        {
            var result = new List<DateTimeOffset>();
            var previous = after;
            while (result.Count < count && Next(previous) is { } next)
            {
                result.Add(next);
                previous = next;
            }

            return result;
        }

        // Every day in turn, up to robfig's five-year horizon; on a matching day, its times in order.
        private DateTimeOffset? Next(DateTimeOffset after)
        {
            for (var day = after.UtcDateTime.Date; day.Year <= after.Year + 5; day = day.AddDays(1))
            {
                if (!months.Contains(day.Month) || !DayMatches(day))
                    continue;
                foreach (var hour in hours)
                    foreach (var minute in minutes)
                        foreach (var second in seconds)
                        {
                            var time = new DateTimeOffset(day.AddHours(hour).AddMinutes(minute).AddSeconds(second), TimeSpan.Zero);
                            if (time > after)
                                return time;
                        }
            }

            return null;
        }

        // robfig/cron's dayMatches, word for word.
        private bool DayMatches(DateTime day)
        {
            var domMatch = daysOfMonth.Contains(day.Day);
            var dowMatch = daysOfWeek.Contains((int)day.DayOfWeek);
            return dayOfMonthStar || dayOfWeekStar ? domMatch && dowMatch : domMatch || dowMatch;
        }

        private static (string, (HashSet<int>, bool)) DayField(Random random, int min, int max, string[]? names)
        {
            var all = Enumerable.Range(min, max - min + 1);
            string Name(int v) => names != null && random.Next(2) == 0 ? names[v] : v.ToString();
            switch (random.Next(9))
            {
                case 0:
                    return ("*", (new HashSet<int>(all), true));
                case 1:
                    return ("?", (new HashSet<int>(all), true));
                case 2:
                    {
                        var value = random.Next(min, max + 1);
                        return (Name(value), (new HashSet<int> { value }, false));
                    }
                case 3:
                    {
                        var values = Enumerable.Range(0, random.Next(2, 4)).Select(_ => random.Next(min, max + 1)).Distinct().OrderBy(v => v).ToArray();
                        return (string.Join(",", values.Select(Name)), (new HashSet<int>(values), false));
                    }
                case 4:
                    {
                        var start = random.Next(min, max + 1);
                        var end = random.Next(start, max + 1);
                        return ($"{Name(start)}-{Name(end)}", (new HashSet<int>(Enumerable.Range(start, end - start + 1)), false));
                    }
                case 5:
                    {
                        var step = random.Next(2, 5);
                        return ($"*/{step}", (new HashSet<int>(all.Where(v => (v - min) % step == 0)), false));
                    }
                case 6:
                    {
                        // "a/n" runs to the field's end: 31 for days of the month, 6 for days of the week.
                        var start = random.Next(min, max + 1);
                        var step = random.Next(2, 4);
                        return ($"{start}/{step}", (new HashSet<int>(all.Where(v => v >= start && (v - start) % step == 0)), false));
                    }
                case 7 when names != null:
                    {
                        // Sunday as 7, at the end of a range.
                        var start = random.Next(1, 7);
                        return ($"{Name(start)}-7", (new HashSet<int>(Enumerable.Range(start, 7 - start).Append(0)), false));
                    }
                default:
                    {
                        var start = random.Next(min, max + 1);
                        var end = random.Next(start, max + 1);
                        var step = random.Next(2, 4);
                        return ($"{start}-{end}/{step}", (new HashSet<int>(Enumerable.Range(start, end - start + 1).Where(v => (v - start) % step == 0)), false));
                    }
            }
        }

        private static (string, HashSet<int>) MonthField(Random random) => random.Next(4) switch
        {
            0 => ("FEB", new HashSet<int> { 2 }),
            1 => ($"{MonthNames[3]},{MonthNames[10]}", new HashSet<int> { 4, 11 }),
            2 => ("*/5", new HashSet<int> { 1, 6, 11 }),
            _ => ("*", new HashSet<int>(Enumerable.Range(1, 12))),
        };
    }
}
