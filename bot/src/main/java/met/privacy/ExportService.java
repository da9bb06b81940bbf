package met.privacy;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The team's data as CSV: contacts, meetings, follow-ups and referrals, one file each, of one workspace only.
 * Contact ids join the files. Knows nothing of Slack.
 */
public final class ExportService {
    private static final Logger log = LoggerFactory.getLogger(ExportService.class);
    static final List<String> CONTACT_HEADER = List.of("contact_id", "name", "company", "role", "email", "profile_url",
            "last_touch_on", "added_by", "added_at_utc");
    static final List<String> MEETING_HEADER = List.of("meeting_id", "contact_id", "contact_name", "contact_company",
            "teammate_id", "teammate_name", "event_name", "event_kind", "event_date", "met_on", "notes");
    static final List<String> FOLLOW_UP_HEADER = List.of("follow_up_id", "contact_id", "contact_name", "owner_id", "owner_name",
            "due_on", "status", "done_on", "done_at_utc", "created_at_utc");
    static final List<String> REFERRAL_HEADER = List.of("referral_id", "teammate_id", "teammate_name", "contact_id",
            "contact_name", "direction", "note", "referred_on");

    /** What an export's temporary files are called: met-export-<random>.csv, in the JVM's temporary directory. */
    private static final String TEMP_PREFIX = "met-export-";
    private static final DateTimeFormatter UTC_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final DSLContext db;

    public ExportService(DSLContext db) {
        this.db = db;
    }

    /** One CSV file on disk, {@code size} bytes; {@code rows} excludes the header. */
    public record ExportFile(String filename, String title, Path path, long size, int rows) {
    }

    /** The four files, in a fixed order: contacts, meetings, follow-ups, referrals. Closing deletes them. */
    public record Export(List<ExportFile> files) implements AutoCloseable {
        public Export {
            files = List.copyOf(files);
        }

        public Counts counts() {
            return new Counts(files.get(0).rows(), files.get(1).rows(), files.get(2).rows(), files.get(3).rows());
        }

        @Override
        public void close() {
            files.forEach(file -> delete(file.path()));
        }
    }

    public record Counts(int contacts, int meetings, int followUps, int referrals) {
    }

    /**
     * Writes the team's four files to temporary files (readable by Met's user alone), a row at a time: the heap an
     * export needs does not grow with the team (ExportBenchmark). The caller closes the result once it is sent.
     *
     * @param on the day the export is made (in the requester's zone), for the file names
     */
    public Export export(String teamId, LocalDate on) {
        List<ExportFile> files = new ArrayList<>();
        try {
            db.transaction(tx -> {
                // One snapshot for the four files, so a meeting never names a contact the contacts file lacks.
                tx.dsl().connection(c -> {
                    c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
                    c.setReadOnly(true);
                });
                PrivacyRepository repo = new PrivacyRepository(tx.dsl());
                String day = on.toString();
                files.add(file("contacts", day, CONTACT_HEADER, out -> repo.contacts(teamId, c -> out.row(cells(
                        id(c.id()), c.name(), c.company(), c.role(), c.email(), c.profileUrl(), date(c.lastTouchOn()),
                        c.createdBy(), time(c.createdAt()))))));
                files.add(file("meetings", day, MEETING_HEADER, out -> repo.meetings(teamId, m -> out.row(cells(
                        id(m.id()), id(m.contactId()), m.contactName(), m.contactCompany(), m.teammateId(), m.teammateName(),
                        m.eventName(), m.eventKind(), date(m.eventDate()), date(m.metOn()), m.notes())))));
                files.add(file("follow-ups", day, FOLLOW_UP_HEADER, out -> repo.followUps(teamId, f -> out.row(cells(
                        id(f.id()), id(f.contactId()), f.contactName(), f.ownerId(), f.ownerName(), date(f.dueOn()),
                        f.status(), date(f.doneOn()), time(f.doneAt()), time(f.createdAt()))))));
                files.add(file("referrals", day, REFERRAL_HEADER, out -> repo.referrals(teamId, r -> out.row(cells(
                        id(r.id()), r.teammateId(), r.teammateName(), r.contactId() == null ? "" : id(r.contactId()),
                        r.contactName(), r.direction(), r.note(), date(r.referredOn()))))));
            });
            return new Export(files);
        } catch (RuntimeException | Error e) {
            new Export(files).close();
            throw e;
        }
    }

    private static ExportFile file(String what, String day, List<String> header, Consumer<Csv.Output> rows) {
        Path path = null;
        try {
            // Owner-only (rw-------) where the file system has POSIX permissions: the file holds the team's contacts.
            path = Files.createTempFile(TEMP_PREFIX, ".csv");
            int count;
            try (OutputStream stream = Files.newOutputStream(path); Csv.Output out = new Csv.Output(stream, header)) {
                rows.accept(out);
                count = out.rows();
            }
            return new ExportFile("met-" + what + "-" + day + ".csv", "Met " + what + " " + day, path, Files.size(path), count);
        } catch (IOException e) {
            delete(path);
            throw new UncheckedIOException(e);
        } catch (RuntimeException | Error e) {
            delete(path);
            throw e;
        }
    }

    /**
     * Deletes the temporary files of exports that never finished: each export deletes its own once sent, so those left
     * are a killed process's, holding a team's personal data. Only files last written before {@code writtenBefore}, so
     * that an export running meanwhile (another replica on the same machine) keeps its own.
     *
     * @return how many were deleted
     */
    public static int deleteAbandoned(Path dir, Instant writtenBefore) {
        int deleted = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, TEMP_PREFIX + "*.csv")) {
            for (Path file : files) {
                try {
                    if (Files.getLastModifiedTime(file).toInstant().isBefore(writtenBefore) && Files.deleteIfExists(file)) {
                        deleted++;
                    }
                } catch (IOException e) { // another user's file in a shared /tmp, say: not ours to delete
                    log.debug("left {}: {}", file, e.toString());
                }
            }
        } catch (IOException e) {
            log.warn("could not look for abandoned export files in {}: {}", dir, e.toString());
        }
        if (deleted > 0) {
            log.info("deleted {} export files left by an export that did not finish", deleted);
        }
        return deleted;
    }

    private static void delete(Path path) {
        if (path == null) {
            return;
        }
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            log.warn("could not delete the export file {}: {}", path, e.toString());
        }
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
