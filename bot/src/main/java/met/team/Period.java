package met.team;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAdjusters;
import java.util.Locale;

/** A span of days, [start, end): a month or a week (Monday to Sunday). */
public record Period(LocalDate start, LocalDate end, String label) {
    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("MMMM yyyy", Locale.ENGLISH);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMM yyyy", Locale.ENGLISH);

    public static Period month(YearMonth month) {
        return new Period(month.atDay(1), month.plusMonths(1).atDay(1), MONTH.format(month));
    }

    public static Period monthOf(LocalDate day) {
        return month(YearMonth.from(day));
    }

    public static Period weekOf(LocalDate day) {
        LocalDate monday = day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
        return new Period(monday, monday.plusWeeks(1), "week of " + DAY.format(monday));
    }

    public boolean isWeek() {
        return start.plusWeeks(1).equals(end);
    }

    /** The period just before this one, of the same kind. */
    public Period previous() {
        return isWeek() ? weekOf(start.minusWeeks(1)) : month(YearMonth.from(start).minusMonths(1));
    }

    public boolean contains(LocalDate day) {
        return !day.isBefore(start) && day.isBefore(end);
    }
}
