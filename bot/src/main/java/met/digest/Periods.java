package met.digest;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.time.temporal.IsoFields;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import met.team.Period;

/** Periods as operators type them: {@code 2026-11} is a month, {@code 2026-W48} an ISO week (Monday to Sunday). */
public final class Periods {
    private static final Pattern WEEK = Pattern.compile("(\\d{4})-W(\\d{1,2})");

    private Periods() {
    }

    public static Optional<Period> parse(String text) {
        String s = text == null ? "" : text.strip().toUpperCase(Locale.ROOT);
        Matcher week = WEEK.matcher(s);
        if (week.matches()) {
            int year = Integer.parseInt(week.group(1));
            int number = Integer.parseInt(week.group(2));
            LocalDate inYear = LocalDate.of(year, 6, 1); // any day of the week-based year tells how many weeks it has
            if (number < 1 || number > IsoFields.WEEK_OF_WEEK_BASED_YEAR.rangeRefinedBy(inYear).getMaximum()) {
                return Optional.empty();
            }
            LocalDate monday = LocalDate.of(year, 1, 4) // 4 January is always in week 1
                    .with(IsoFields.WEEK_OF_WEEK_BASED_YEAR, number)
                    .with(DayOfWeek.MONDAY);
            return Optional.of(Period.weekOf(monday));
        }
        try {
            return Optional.of(Period.month(YearMonth.parse(s)));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** The inverse of {@link #parse}: {@code 2026-11} or {@code 2026-W48}. */
    public static String key(Period period) {
        if (period.isWeek()) {
            return String.format("%d-W%02d", period.start().get(IsoFields.WEEK_BASED_YEAR),
                    period.start().get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
        }
        return YearMonth.from(period.start()).toString();
    }

    /** What digest_post.period_kind holds. */
    static String kind(Period period) {
        return period.isWeek() ? "week" : "month";
    }
}
