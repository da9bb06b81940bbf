package met.privacy;

import java.sql.Connection;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.jooq.DSLContext;

/**
 * The team's data as CSV: contacts, meetings, follow-ups and referrals, one file each, of one workspace only.
 * Contact ids join the files. Knows nothing of Slack.
 */
public final class ExportService {
    static final List<String> CONTACT_HEADER = List.of("contact_id", "name", "company", "role", "email", "profile_url",
            "last_touch_on", "added_by", "added_at_utc");
    static final List<String> MEETING_HEADER = List.of("meeting_id", "contact_id", "contact_name", "contact_company",
            "teammate_id", "teammate_name", "event_name", "event_kind", "event_date", "met_on", "notes");
    static final List<String> FOLLOW_UP_HEADER = List.of("follow_up_id", "contact_id", "contact_name", "owner_id", "owner_name",
            "due_on", "status", "done_on", "done_at_utc", "created_at_utc");
    static final List<String> REFERRAL_HEADER = List.of("referral_id", "teammate_id", "teammate_name", "contact_id",
            "contact_name", "direction", "note", "referred_on");

    private static final DateTimeFormatter UTC_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final DSLContext db;

    public ExportService(DSLContext db) {
        this.db = db;
    }

    /** One CSV file; {@code rows} excludes the header. */
    public record ExportFile(String filename, String title, byte[] bytes, int rows) {
    }

    /** The four files, in a fixed order: contacts, meetings, follow-ups, referrals. */
    public record Export(List<ExportFile> files) {
        public Export {
            files = List.copyOf(files);
        }

        public Counts counts() {
            return new Counts(files.get(0).rows(), files.get(1).rows(), files.get(2).rows(), files.get(3).rows());
        }
    }

    public record Counts(int contacts, int meetings, int followUps, int referrals) {
    }

    /** @param on the day the export is made (in the requester's zone), for the file names */
    public Export export(String teamId, LocalDate on) {
        return db.transactionResult(tx -> {
            // One snapshot for the four files, so a meeting never names a contact the contacts file lacks.
            tx.dsl().connection(c -> {
                c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
                c.setReadOnly(true);
            });
            PrivacyRepository repo = new PrivacyRepository(tx.dsl());
            String day = on.toString();
            return new Export(List.of(
                    file("contacts", day, CONTACT_HEADER, repo.contacts(teamId), c -> cells(
                            id(c.id()), c.name(), c.company(), c.role(), c.email(), c.profileUrl(), date(c.lastTouchOn()),
                            c.createdBy(), time(c.createdAt()))),
                    file("meetings", day, MEETING_HEADER, repo.meetings(teamId), m -> cells(
                            id(m.id()), id(m.contactId()), m.contactName(), m.contactCompany(), m.teammateId(), m.teammateName(),
                            m.eventName(), m.eventKind(), date(m.eventDate()), date(m.metOn()), m.notes())),
                    file("follow-ups", day, FOLLOW_UP_HEADER, repo.followUps(teamId), f -> cells(
                            id(f.id()), id(f.contactId()), f.contactName(), f.ownerId(), f.ownerName(), date(f.dueOn()),
                            f.status(), date(f.doneOn()), time(f.doneAt()), time(f.createdAt()))),
                    file("referrals", day, REFERRAL_HEADER, repo.referrals(teamId), r -> cells(
                            id(r.id()), r.teammateId(), r.teammateName(), r.contactId() == null ? "" : id(r.contactId()),
                            r.contactName(), r.direction(), r.note(), date(r.referredOn())))));
        });
    }

    private static <T> ExportFile file(String what, String day, List<String> header, List<T> lines, Function<T, List<String>> cells) {
        List<List<String>> rows = lines.stream().map(cells).toList();
        return new ExportFile("met-" + what + "-" + day + ".csv", "Met " + what + " " + day, Csv.file(header, rows), rows.size());
    }

    /** A null (an absent value) is an empty cell; List.of would refuse it. */
    private static List<String> cells(String... values) {
        return Arrays.asList(values);
    }

    private static String id(long id) {
        return Long.toString(id);
    }

    private static String date(LocalDate date) {
        return date == null ? "" : date.toString();
    }

    /** UTC to the second, in the form spreadsheets read as a date and time (the header says UTC). */
    private static String time(OffsetDateTime at) {
        return at == null ? "" : at.withOffsetSameInstant(ZoneOffset.UTC).format(UTC_TIME);
    }
}
