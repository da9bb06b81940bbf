package met.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import met.capture.CaptureService;
import met.capture.Debrief;
import met.capture.EventKind;
import met.capture.Saved;
import met.followups.FollowUp;
import met.followups.FollowUpService;
import met.referrals.ReferralRepository;
import met.testing.FakeSlack;
import met.testing.MetClient.Reply;
import met.testing.MutableClock;
import met.testing.TestMet;
import met.workspace.WorkspaceRepository;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** /met export through signed commands: four CSV files in the admin's DM, through Slack's upload v2 flow. */
class ExportTest {
    private static final String TEAM = FakeSlack.TEAM_ID;
    private static final String OTHER_TEAM = "T0OTHER";
    private static final String FORMULA_NAME = "=HYPERLINK(\"http://evil.example\",\"click\")";
    private static final String ZOE_NOTES = "Line one\nline two, with \"quotes\" and emoji 🚀";
    private static final String ARABIC_NOTES = "مرحبا بالعالم\r\n\tTabbed";
    private static MutableClock clock;
    private static TestMet met;

    @BeforeAll
    static void start() {
        clock = new MutableClock(Instant.now());
        met = TestMet.start("ExportTest", clock, Map.of("MET_ADMINS", "UCONFIGURED"));
        met.slack().admin("UADMIN", true);
        seed();
    }

    @AfterAll
    static void stop() {
        met.close();
    }

    /** Two workspaces in one database; the second must never show in the first's export. */
    private static void seed() {
        CaptureService captures = new CaptureService(met.db());
        new WorkspaceRepository(met.db()).ensure(TEAM, null);
        new WorkspaceRepository(met.db()).ensure(OTHER_TEAM, null);
        Saved saved = captures.create(TEAM, "U1", new Debrief("DevConf, 2026 \"Berlin\"", LocalDate.of(2026, 11, 20), EventKind.CONFERENCE,
                List.of("U2"), List.of(
                        new Debrief.ContactEntry("Zoë Ünal", "Acme, Inc.", "CTO", "zoe@acme.example", null, ZOE_NOTES, LocalDate.of(2026, 12, 1)),
                        new Debrief.ContactEntry(FORMULA_NAME, "+Formula Co", "-role", "@attacker@example.com", null, "@SUM(1+1)", null),
                        new Debrief.ContactEntry("שרה כהן", "חברה בע״מ", null, null, null, ARABIC_NOTES, LocalDate.of(2026, 11, 25))),
                null, List.of(), List.of(new Debrief.ReferralEntry(Debrief.ReferralDirection.GIVEN, "Introduced Zoë to our CFO, she said \"yes\""))),
                CaptureService.Source.FORM, null);
        long zoe = saved.contacts().get(0).contactId();
        // Done on the owner's own day, which the export gives beside the instant in UTC.
        FollowUpService followUps = new FollowUpService(met.db(), captures, clock);
        FollowUp sarah = followUps.pending(TEAM, "U1", 10).stream().filter(f -> f.contactName().equals("שרה כהן")).findFirst().orElseThrow();
        assertThat(followUps.done(TEAM, "U1", sarah.id(), LocalDate.of(2026, 11, 24))).isInstanceOf(FollowUpService.Outcome.Changed.class);
        new ReferralRepository(met.db()).insert(TEAM, "U2", zoe, "received", "-1 referral, odd", LocalDate.of(2026, 11, 21));

        Saved other = captures.create(OTHER_TEAM, "UOTHER", new Debrief("Other Summit", LocalDate.of(2026, 11, 20), EventKind.OTHER, List.of(),
                List.of(new Debrief.ContactEntry("Secret Other", "OtherCo", null, "secret@other.example", null, "other team's notes", LocalDate.of(2026, 12, 2))),
                null, List.of(), List.of(new Debrief.ReferralEntry(Debrief.ReferralDirection.ASKED, "other team's referral"))),
                CaptureService.Source.QUICK, "Secret Other, OtherCo");
        new ReferralRepository(met.db()).insert(OTHER_TEAM, "UOTHER", other.contacts().get(0).contactId(), "given", "other referral", LocalDate.of(2026, 11, 21));
    }

    @Test
    void anAdminGetsTheWorkspacesContactsMeetingsFollowUpsAndReferralsAsCsvInADm() throws IOException {
        Map<String, List<List<String>>> files = export("UADMIN");

        assertThat(files.keySet()).allSatisfy(name -> assertThat(name).matches("met-(contacts|meetings|follow-ups|referrals)-\\d{4}-\\d{2}-\\d{2}\\.csv"));
        List<List<String>> contacts = file(files, "contacts");
        assertThat(contacts.get(0)).containsExactlyElementsOf(ExportService.CONTACT_HEADER);
        assertThat(contacts).hasSize(4);
        List<String> zoe = row(contacts, 1, "Zoë Ünal");
        assertThat(zoe.subList(1, 6)).containsExactly("Zoë Ünal", "Acme, Inc.", "CTO", "zoe@acme.example", "");
        assertThat(zoe.get(7)).isEqualTo("U1");
        row(contacts, 1, "שרה כהן");

        List<List<String>> meetings = file(files, "meetings");
        assertThat(meetings.get(0)).containsExactlyElementsOf(ExportService.MEETING_HEADER);
        assertThat(meetings).hasSize(4);
        List<String> metZoe = row(meetings, 2, "Zoë Ünal");
        assertThat(metZoe.get(1)).isEqualTo(zoe.get(0));
        assertThat(metZoe.get(4)).isEqualTo("U1");
        assertThat(metZoe.subList(6, 11)).containsExactly("DevConf, 2026 \"Berlin\"", "conference", "2026-11-20", "2026-11-20", ZOE_NOTES);
        assertThat(row(meetings, 2, "שרה כהן").get(10)).isEqualTo(ARABIC_NOTES);

        List<List<String>> followUps = file(files, "follow-ups");
        assertThat(followUps.get(0)).containsExactlyElementsOf(ExportService.FOLLOW_UP_HEADER);
        assertThat(followUps).hasSize(3);
        List<String> zoeFollowUp = row(followUps, 2, "Zoë Ünal");
        assertThat(zoeFollowUp.subList(1, 4)).containsExactly(zoe.get(0), "Zoë Ünal", "U1");
        assertThat(zoeFollowUp.subList(5, 9)).containsExactly("2026-12-01", "open", "", "");
        assertThat(row(followUps, 2, "שרה כהן").subList(5, 8)).containsExactly("2026-11-25", "done", "2026-11-24");
        assertThat(row(followUps, 2, "שרה כהן").get(8)).matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}");

        List<List<String>> referrals = file(files, "referrals");
        assertThat(referrals.get(0)).containsExactlyElementsOf(ExportService.REFERRAL_HEADER);
        assertThat(referrals).hasSize(3);
        assertThat(row(referrals, 5, "given")).contains("Introduced Zoë to our CFO, she said \"yes\"").contains("U1");
        assertThat(row(referrals, 5, "received")).contains(zoe.get(0), "Zoë Ünal", "'-1 referral, odd");
    }

    @Test
    void cellsThatASpreadsheetWouldRunAsFormulasAreNeutralised() throws IOException {
        Map<String, List<List<String>>> files = export("UADMIN");

        List<String> formula = row(file(files, "contacts"), 1, "'" + FORMULA_NAME);
        assertThat(formula.subList(2, 5)).containsExactly("'+Formula Co", "'-role", "'@attacker@example.com");
        assertThat(row(file(files, "meetings"), 2, "'" + FORMULA_NAME).get(10)).isEqualTo("'@SUM(1+1)");
        for (List<List<String>> rows : files.values()) {
            for (List<String> row : rows) {
                assertThat(row).allSatisfy(cell -> assertThat(cell).doesNotStartWith("=").doesNotStartWith("+")
                        .doesNotStartWith("-").doesNotStartWith("@").doesNotStartWith("\t").doesNotStartWith("\r"));
            }
        }
    }

    @Test
    void anotherWorkspacesRowsNeverAppear() {
        List<FakeSlack.Upload> uploads = uploadsOf(() -> met.command("UADMIN", "export"));

        assertThat(uploads).hasSize(4);
        for (FakeSlack.Upload upload : uploads) {
            String text = new String(upload.bytes(), StandardCharsets.UTF_8);
            assertThat(text).doesNotContain("Secret Other").doesNotContain("OtherCo").doesNotContain("other team")
                    .doesNotContain("secret@other.example").doesNotContain("Other Summit").doesNotContain("UOTHER").doesNotContain("other referral");
        }
    }

    @Test
    void theExportGoesThroughUploadV2IntoTheRequestersDmAndTheAckComesAtOnce() {
        int completes = met.slack().calls("files.completeUploadExternal").size();

        Reply reply = met.command("UADMIN", "export");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.millis()).as("Slack's 3-second ack").isLessThan(3000);
        assertThat(reply.json().get("response_type").getAsString()).isEqualTo("ephemeral");
        assertThat(reply.json().get("text").getAsString()).contains("Preparing your export");
        TestMet.await(Duration.ofSeconds(10), () -> met.slack().calls("files.completeUploadExternal").size() > completes);
        FakeSlack.Call complete = met.slack().calls("files.completeUploadExternal").get(completes);
        assertThat(complete.arg("channel_id")).isEqualTo("DUADMIN");
        assertThat(complete.arg("files")).contains("Met contacts").contains("Met meetings").contains("Met follow-ups").contains("Met referrals");
        assertThat(complete.arg("initial_comment")).contains("3 contacts").contains("3 meetings").contains("2 follow-ups").contains("2 referrals");
        assertThat(met.slack().calls("conversations.open")).anySatisfy(c -> assertThat(c.arg("users")).isEqualTo("UADMIN"));
        assertThat(met.slack().calls("files.getUploadURLExternal")).allSatisfy(c -> assertThat(Integer.parseInt(c.arg("length"))).isPositive());
        TestMet.await(Duration.ofSeconds(5), () -> lastResponse().contains("is in your direct messages"));
    }

    @Test
    void someoneWhoIsNeitherAdminNorListedIsRefusedAndNothingIsUploaded() {
        int asked = met.slack().calls("files.getUploadURLExternal").size();
        int uploads = met.slack().uploads().size();

        Reply reply = met.command("UPLAIN", "export");

        String text = reply.json().get("text").getAsString();
        assertThat(text).contains("Only the workspace's admins and owners").contains("<@UCONFIGURED>").contains("MET_ADMINS");
        assertThat(reply.json().get("response_type").getAsString()).isEqualTo("ephemeral");
        // The refusal is decided before the ack and schedules nothing, so nothing can arrive later.
        assertThat(met.slack().calls("files.getUploadURLExternal")).hasSize(asked);
        assertThat(met.slack().uploads()).hasSize(uploads);
    }

    @Test
    void someoneListedInMetAdminsMayExportWithoutBeingAWorkspaceAdmin() {
        List<FakeSlack.Upload> uploads = uploadsOf(() -> met.command("UCONFIGURED", "export"));

        assertThat(uploads).hasSize(4);
        FakeSlack.Call complete = last("files.completeUploadExternal");
        assertThat(complete.arg("channel_id")).isEqualTo("DUCONFIGURED");
    }

    @Test
    void adminStatusIsAskedOfSlackAgainOnceTheCachedAnswerIsOverAnHourOld() {
        met.slack().admin("UDEMOTED", true);
        assertThat(uploadsOf(() -> met.command("UDEMOTED", "export"))).hasSize(4);

        met.slack().admin("UDEMOTED", false);
        clock.advance(Duration.ofMinutes(61));
        Reply refused = met.command("UDEMOTED", "export");

        assertThat(refused.json().get("text").getAsString()).contains("Only the workspace's admins and owners");
    }

    @Test
    void whenSlackCannotSayWhetherSomeoneIsAnAdminNothingIsExported() {
        met.slack().failNext("users.info", FakeSlack.Answer.serverError());
        int asked = met.slack().calls("files.getUploadURLExternal").size();

        Reply reply = met.command("UUNKNOWN", "export");

        assertThat(reply.json().get("text").getAsString()).contains("couldn't check with Slack");
        assertThat(met.slack().calls("files.getUploadURLExternal")).hasSize(asked);
    }

    @Test
    void aFailedUploadIsToldToTheAdminAndNothingIsShared() {
        met.slack().failNext("files.getUploadURLExternal", FakeSlack.Answer.okFalse("not_allowed_token_type"));
        int completes = met.slack().calls("files.completeUploadExternal").size();

        met.command("UADMIN", "export");

        TestMet.await(Duration.ofSeconds(10), () -> lastResponse().contains("couldn't send your export"));
        assertThat(met.slack().calls("files.completeUploadExternal")).hasSize(completes);
    }

    @Test
    void anUploadThatSlackRefusesIsToldToTheAdminAndTheRestIsNotCompleted() {
        met.slack().failNext("upload", FakeSlack.Answer.serverError());
        int completes = met.slack().calls("files.completeUploadExternal").size();

        met.command("UADMIN", "export");

        TestMet.await(Duration.ofSeconds(10), () -> lastResponse().contains("couldn't send your export"));
        assertThat(met.slack().calls("files.completeUploadExternal")).hasSize(completes);
    }

    @Test
    void theFilesAreWrittenForMetsUserAloneAndDeletedOnceSent() throws IOException {
        ExportService.Export export = new ExportService(met.db()).export(TEAM, LocalDate.of(2026, 11, 26));
        List<Path> paths = export.files().stream().map(ExportService.ExportFile::path).toList();
        try (export) {
            assertThat(export.files()).extracting(ExportService.ExportFile::filename).containsExactly(
                    "met-contacts-2026-11-26.csv", "met-meetings-2026-11-26.csv", "met-follow-ups-2026-11-26.csv", "met-referrals-2026-11-26.csv");
            for (ExportService.ExportFile file : export.files()) {
                assertThat(Files.size(file.path())).isEqualTo(file.size());
                assertThat(Files.getPosixFilePermissions(file.path())).containsExactlyInAnyOrder(
                        PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
            }
            List<List<String>> contacts = CsvProperties.read(Files.readAllBytes(paths.get(0)));
            assertThat(contacts).hasSize(1 + export.counts().contacts());
            assertThat(contacts.get(0)).containsExactlyElementsOf(ExportService.CONTACT_HEADER);
        }
        assertThat(paths).noneMatch(Files::exists);
    }

    @Test
    void aTeamLargerThanOneFetchIsExportedWholeAndInOrder() throws IOException {
        String team = "T0LARGER";
        int contacts = 2_345; // more than two of the repository's fetches of 1,000 rows
        new WorkspaceRepository(met.db()).ensure(team, null);
        met.db().execute("insert into contact (team_id, name, company, name_key, company_key, created_by) "
                + "select ?, 'Person ' || i, 'Company', 'person ' || i, 'company', 'U1' from generate_series(1, ?) i", team, contacts);

        try (ExportService.Export export = new ExportService(met.db()).export(team, LocalDate.of(2026, 11, 26))) {
            List<List<String>> rows = CsvProperties.read(Files.readAllBytes(export.files().get(0).path()));

            assertThat(export.counts().contacts()).isEqualTo(contacts);
            assertThat(rows).hasSize(1 + contacts);
            List<Long> ids = rows.subList(1, rows.size()).stream().map(r -> Long.parseLong(r.get(0))).toList();
            assertThat(ids).isSorted().doesNotHaveDuplicates();
            assertThat(rows.get(contacts).get(1)).isEqualTo("Person " + contacts);
        }
    }

    @Test
    void filesOfAnExportThatNeverFinishedAreDeletedOnceAnHourOldAndOthersAreLeft() throws IOException {
        Path dir = Files.createTempDirectory("met-export-test");
        Instant now = Instant.now();
        Path abandoned = Files.writeString(dir.resolve("met-export-123.csv"), "contact_id,name\r\n1,Dana Lee\r\n");
        Files.setLastModifiedTime(abandoned, FileTime.from(now.minus(Duration.ofHours(3))));
        Path running = Files.writeString(dir.resolve("met-export-456.csv"), "contact_id,name\r\n");
        Path someoneElses = Files.writeString(dir.resolve("report.csv"), "old");
        Files.setLastModifiedTime(someoneElses, FileTime.from(now.minus(Duration.ofDays(3))));

        int deleted = ExportService.deleteAbandoned(dir, now.minus(Duration.ofHours(1)));

        assertThat(deleted).isEqualTo(1);
        assertThat(abandoned).doesNotExist();
        assertThat(running).exists();
        assertThat(someoneElses).exists();
        for (Path left : List.of(running, someoneElses, dir)) {
            Files.delete(left);
        }
    }

    /** Runs an export and returns its files, by name, parsed back by an independent CSV reader. */
    private static Map<String, List<List<String>>> export(String userId) throws IOException {
        Map<String, List<List<String>>> files = new HashMap<>();
        for (FakeSlack.Upload upload : uploadsOf(() -> met.command(userId, "export"))) {
            files.put(upload.filename(), CsvProperties.read(upload.bytes()));
        }
        return files;
    }

    /** What one export uploaded: the four files, once Slack was told the upload is complete. */
    private static List<FakeSlack.Upload> uploadsOf(Runnable export) {
        int before = met.slack().uploads().size();
        int completes = met.slack().calls("files.completeUploadExternal").size();
        export.run();
        TestMet.await(Duration.ofSeconds(10), () -> met.slack().calls("files.completeUploadExternal").size() > completes);
        List<FakeSlack.Upload> uploads = met.slack().uploads();
        return uploads.subList(before, uploads.size());
    }

    private static List<List<String>> file(Map<String, List<List<String>>> files, String what) {
        return files.entrySet().stream().filter(e -> e.getKey().startsWith("met-" + what + "-")).map(Map.Entry::getValue)
                .findFirst().orElseThrow(() -> new AssertionError("no " + what + " file in " + files.keySet()));
    }

    private static List<String> row(List<List<String>> rows, int column, String value) {
        List<List<String>> found = rows.stream().filter(r -> r.get(column).equals(value)).collect(Collectors.toList());
        assertThat(found).as("rows with %s in column %d of %s", value, column, rows).hasSize(1);
        return found.get(0);
    }

    private static FakeSlack.Call last(String method) {
        List<FakeSlack.Call> calls = met.slack().calls(method);
        return calls.get(calls.size() - 1);
    }

    private static String lastResponse() {
        List<FakeSlack.Call> calls = met.slack().calls("response_url");
        return calls.isEmpty() ? "" : calls.get(calls.size() - 1).args().toString();
    }
}
