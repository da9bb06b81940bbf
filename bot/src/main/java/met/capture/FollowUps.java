package met.capture;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads "follow up …" phrases wherever they appear. An understood phrase becomes a date and leaves the text;
 * one that looks like a date but cannot be read (or is out of range) leaves the text too, but is handed back
 * as {@link Kept} so the caller can put it in the notes. "follow up with their CFO" is not a date at all and
 * stays where it is.
 */
final class FollowUps {

    /** A phrase to keep in the notes; {@code joiner} is the punctuation that introduced it. */
    record Kept(String joiner, String phrase) {}

    record Result(String text, LocalDate date, List<Kept> kept, List<String> reasons) {}

    private record Reading(int end, LocalDate date) {}

    private record Cut(int start, int end, String joiner) {}

    /** Phrases start and end only at whitespace or punctuation, so no word is ever cut in two. */
    private static final String START = "(?<=^|[\\s\\p{P}])";
    private static final String END = "(?=$|[\\s\\p{P}])";
    private static final Pattern MARKER = Pattern.compile("(?i)" + START + "(?:follow[ -]?up|f/u)" + END);
    private static final Pattern AFTER_MARKER = Pattern.compile(" *:? *");
    private static final Pattern CLAUSE_END =
            Pattern.compile("[;!?]|[,.](?= |$)|—|(?<= )(?:–|--?)(?= |$)|:(?= |$)|：");
    private static final Pattern LEADING_SEPARATOR = Pattern.compile(" *(?:[;,.:：—]|–|--?(?= |$))");
    private static final String NUMBER =
            "(\\d{1,4}|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)";
    private static final String WEEKDAY =
            "(mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday)?|thu(?:r(?:s(?:day)?)?)?|fri(?:day)?|sat(?:urday)?|sun(?:day)?)";
    private static final Pattern IN_UNITS =
            Pattern.compile("(?i)(?:in|within) " + NUMBER + " (day|week|month)s?" + END);
    private static final Pattern ISO_DATE =
            Pattern.compile("(?i)(?:(?:on|by) )?(\\d{4})-(\\d{1,2})-(\\d{1,2})(?=$|[\\s\\p{P}&&[^-]])");
    private static final Pattern RELATIVE_DAY = Pattern.compile("(?i)(today|tomorrow)" + END);
    private static final Pattern NEXT_UNIT = Pattern.compile("(?i)next (week|month)" + END);
    private static final Pattern ON_WEEKDAY = Pattern.compile("(?i)(?:(?:on|by) )?(?:next )?" + WEEKDAY + END);

    private static final Map<String, Integer> NUMBER_WORDS = Map.ofEntries(
            Map.entry("a", 1), Map.entry("an", 1), Map.entry("one", 1), Map.entry("two", 2),
            Map.entry("three", 3), Map.entry("four", 4), Map.entry("five", 5), Map.entry("six", 6),
            Map.entry("seven", 7), Map.entry("eight", 8), Map.entry("nine", 9), Map.entry("ten", 10),
            Map.entry("eleven", 11), Map.entry("twelve", 12));
    private static final Map<String, DayOfWeek> WEEKDAYS = Map.ofEntries(
            Map.entry("mon", DayOfWeek.MONDAY), Map.entry("tue", DayOfWeek.TUESDAY),
            Map.entry("wed", DayOfWeek.WEDNESDAY), Map.entry("thu", DayOfWeek.THURSDAY),
            Map.entry("fri", DayOfWeek.FRIDAY), Map.entry("sat", DayOfWeek.SATURDAY),
            Map.entry("sun", DayOfWeek.SUNDAY));

    /** Words that show the user meant a date, even when we cannot read it ("next quarter", "soon"). */
    private static final Set<String> DATE_WORDS = Set.of(
            "today", "tomorrow", "tonight", "next", "this", "soon", "later", "asap", "eod", "eow", "eom", "eoq",
            "eoy", "end", "early", "mid", "late", "weekend", "week", "month", "year", "fortnight",
            "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
            "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun");
    private static final Set<String> MONTHS = Set.of(
            "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
            "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov",
            "dec");
    private static final Set<String> AMOUNTS = Set.of(
            "a", "an", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
            "twelve", "couple", "few", "several", "half");
    private static final Set<String> PREPOSITIONS =
            Set.of("in", "within", "on", "by", "before", "after", "around", "until", "till");

    private FollowUps() {}

    static Result extract(String text, LocalDate today) {
        String s = text;
        LocalDate date = null;
        List<Kept> kept = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        int from = 0;
        Matcher marker = MARKER.matcher(s);
        while (mayHoldMarker(s, from) && marker.find(from)) {
            int markerStart = marker.start();
            int phraseStart = afterMarker(s, marker.end());
            int clauseEnd = clauseEnd(s, phraseStart);
            Reading reading = read(s, phraseStart, today);
            if (reading == null && !meantADate(s, phraseStart, clauseEnd)) {
                from = marker.end();
                continue;
            }
            int phraseEnd = reading == null ? clauseEnd : reading.end();
            String phrase = Text.trim(s.substring(phraseStart, phraseEnd));
            String raw = Text.trim(s.substring(markerStart, phraseEnd));
            String problem = problemWith(reading, phrase, raw, date, today);
            if (problem == null) {
                date = reading.date();
            } else {
                reasons.add(problem);
            }
            Cut cut = cut(s, markerStart, phraseEnd);
            if (problem != null) {
                kept.add(new Kept(cut.joiner(), raw));
            }
            String left = withoutTrailingSpaces(s.substring(0, cut.start()));
            String right = withoutLeadingSpaces(s.substring(cut.end()));
            s = left + glue(left, right) + right;
            from = left.length();
            marker = MARKER.matcher(s);
        }
        return new Result(Text.collapse(s), date, kept, reasons);
    }

    /**
     * Whether "follow up", "follow-up", "followup" or "f/u" can start at or after {@code from}: the pattern, which
     * checks what precedes every position, is not run over the many captures without one.
     */
    private static boolean mayHoldMarker(String s, int from) {
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            if ((c == 'f' || c == 'F') && (s.regionMatches(true, i, "follow", 0, 6) || s.regionMatches(true, i, "f/u", 0, 3))) {
                return true;
            }
        }
        return false;
    }

    private static int afterMarker(String s, int markerEnd) {
        Matcher m = AFTER_MARKER.matcher(s).region(markerEnd, s.length());
        return m.lookingAt() ? m.end() : markerEnd;
    }

    private static int clauseEnd(String s, int from) {
        Matcher m = CLAUSE_END.matcher(s);
        return m.find(from) ? m.start() : s.length();
    }

    private static Reading read(String s, int from, LocalDate today) {
        try {
            Matcher m = IN_UNITS.matcher(s).region(from, s.length());
            if (m.lookingAt()) {
                return new Reading(m.end(), plus(today, number(m.group(1)), m.group(2)));
            }
            m = ISO_DATE.matcher(s).region(from, s.length());
            if (m.lookingAt()) {
                LocalDate date = LocalDate.of(
                        Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
                return new Reading(m.end(), date);
            }
            m = RELATIVE_DAY.matcher(s).region(from, s.length());
            if (m.lookingAt()) {
                return new Reading(m.end(), m.group(1).equalsIgnoreCase("today") ? today : today.plusDays(1));
            }
            m = NEXT_UNIT.matcher(s).region(from, s.length());
            if (m.lookingAt()) {
                return new Reading(m.end(), plus(today, 1, m.group(1)));
            }
            m = ON_WEEKDAY.matcher(s).region(from, s.length());
            if (m.lookingAt()) {
                DayOfWeek day = WEEKDAYS.get(m.group(1).substring(0, 3).toLowerCase(Locale.ROOT));
                return new Reading(m.end(), today.with(TemporalAdjusters.next(day)));
            }
        } catch (DateTimeException | ArithmeticException e) {
            // An impossible date ("2026-02-30") or one beyond the calendar is simply not readable.
            return null;
        }
        return null;
    }

    private static LocalDate plus(LocalDate today, int amount, String unit) {
        return switch (unit.toLowerCase(Locale.ROOT)) {
            case "day" -> today.plusDays(amount);
            case "week" -> today.plusWeeks(amount);
            default -> today.plusMonths(amount);
        };
    }

    private static int number(String text) {
        Integer word = NUMBER_WORDS.get(text.toLowerCase(Locale.ROOT));
        return word != null ? word : Integer.parseInt(text);
    }

    /** Whether the words after the marker were meant as a date, so failing to read them is worth a question. */
    private static boolean meantADate(String s, int phraseStart, int clauseEnd) {
        List<String> words = Text.words(s.substring(phraseStart, clauseEnd).toLowerCase(Locale.ROOT));
        if (words.isEmpty()) {
            return s.substring(phraseStart).chars().noneMatch(Character::isLetterOrDigit);
        }
        String first = words.get(0);
        if (isDateWord(first)) {
            return true;
        }
        if (MONTHS.contains(first)) {
            return words.size() == 1 || startsWithDigit(words.get(1));
        }
        if (PREPOSITIONS.contains(first) && words.size() > 1) {
            String second = words.get(1);
            if (isDateWord(second) || MONTHS.contains(second) || AMOUNTS.contains(second)) {
                return true;
            }
            return second.equals("the") && words.size() > 2 && isDateWord(words.get(2));
        }
        return false;
    }

    private static boolean isDateWord(String word) {
        return startsWithDigit(word) || DATE_WORDS.contains(word);
    }

    private static boolean startsWithDigit(String word) {
        return !word.isEmpty() && Character.isDigit(word.charAt(0));
    }

    /** Why this phrase cannot become the follow-up date, or null if it can; {@code date} is one already found. */
    private static String problemWith(Reading reading, String phrase, String raw, LocalDate date, LocalDate today) {
        if (reading == null) {
            return unreadable(phrase);
        }
        String outOfRange = outOfRange(reading.date(), phrase, today);
        if (outOfRange == null && date != null && !date.equals(reading.date())) {
            return "I found more than one follow-up date, so I kept “" + raw + "” in the notes.";
        }
        return outOfRange;
    }

    private static String unreadable(String phrase) {
        return phrase.isEmpty()
                ? "I couldn't tell when to follow up."
                : "I couldn't read the follow-up date “" + phrase + "”.";
    }

    private static String outOfRange(LocalDate date, String phrase, LocalDate today) {
        if (date.isBefore(today)) {
            return "The follow-up date “" + phrase + "” is in the past.";
        }
        if (date.isAfter(oneYearAfter(today))) {
            return "The follow-up date “" + phrase + "” is more than a year away.";
        }
        return null;
    }

    private static LocalDate oneYearAfter(LocalDate today) {
        try {
            return today.plusYears(1);
        } catch (DateTimeException e) {
            return LocalDate.MAX;
        }
    }

    /**
     * Which characters go with the phrase, so that what remains still reads well: "x; follow up tomorrow" loses
     * the ";", "x. Follow up monday." keeps one full stop, and a phrase opening the text takes its separator.
     */
    private static Cut cut(String s, int start, int end) {
        int before = start - 1;
        while (before >= 0 && s.charAt(before) == ' ') {
            before--;
        }
        int after = end;
        while (after < s.length() && s.charAt(after) == ' ') {
            after++;
        }
        boolean atEnd = after == s.length();
        char previous = before < 0 ? 0 : s.charAt(before);
        char next = atEnd ? 0 : s.charAt(after);
        if ((previous == ';' || previous == ',') && (atEnd || ";,.!?".indexOf(next) >= 0)) {
            return new Cut(before, end, previous + " ");
        }
        if (previous == '.' && next == '.') {
            return new Cut(start, after + 1, " ");
        }
        if (before < 0) {
            Matcher separator = LEADING_SEPARATOR.matcher(s).region(end, s.length());
            return new Cut(start, separator.lookingAt() ? separator.end() : end, "; ");
        }
        return new Cut(start, end, atEnd ? " " : "; ");
    }

    private static String withoutTrailingSpaces(String s) {
        int end = s.length();
        while (end > 0 && s.charAt(end - 1) == ' ') {
            end--;
        }
        return s.substring(0, end);
    }

    private static String withoutLeadingSpaces(String s) {
        int start = 0;
        while (start < s.length() && s.charAt(start) == ' ') {
            start++;
        }
        return s.substring(start);
    }

    private static String glue(String left, String right) {
        if (left.isEmpty() || right.isEmpty() || ",;.:!?)".indexOf(right.charAt(0)) >= 0) {
            return "";
        }
        return " ";
    }
}
