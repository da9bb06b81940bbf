package met.digest;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import met.team.Period;

/**
 * How often a channel gets the digest. A digest covers one whole period and goes out at 9:00, in the
 * subscription's time zone, on the first day of the next one: November's on 1 December, a week's on Monday.
 */
public enum Cadence {
    MONTHLY("monthly"), WEEKLY("weekly");

    public static final LocalTime SEND_AT = LocalTime.of(9, 0);

    private final String code;

    Cadence(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    public static Optional<Cadence> fromCode(String code) {
        String lower = code == null ? "" : code.strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(c -> c.code.equals(lower)).findFirst();
    }

    public static Cadence of(Period period) {
        return period.isWeek() ? WEEKLY : MONTHLY;
    }

    /** The period of this cadence that contains {@code day}. */
    public Period periodOf(LocalDate day) {
        return this == WEEKLY ? Period.weekOf(day) : Period.monthOf(day);
    }

    /** A digest that falls due at {@code sendAt} and covers {@code covers}. */
    public record Due(Period covers, Instant sendAt) {
    }

    /** The most recent digest whose send time has come at {@code now}: what a pass should make sure went out. */
    public Due latestDue(ZoneId zone, Instant now) {
        Period current = periodOf(now.atZone(zone).toLocalDate());
        Instant opening = sendTime(current, zone);
        if (now.isBefore(opening)) { // the first day of the period, before 9:00: the previous opening is the latest
            current = current.previous();
            opening = sendTime(current, zone);
        }
        return new Due(current.previous(), opening);
    }

    /** The first digest sent strictly after {@code after}: what a new subscriber is told to expect. */
    public Due firstAfter(ZoneId zone, Instant after) {
        Period current = periodOf(after.atZone(zone).toLocalDate());
        Instant opening = sendTime(current, zone);
        if (!opening.isAfter(after)) {
            current = periodOf(current.end());
            opening = sendTime(current, zone);
        }
        return new Due(current.previous(), opening);
    }

    private static Instant sendTime(Period opening, ZoneId zone) {
        return ZonedDateTime.of(opening.start(), SEND_AT, zone).toInstant();
    }
}
