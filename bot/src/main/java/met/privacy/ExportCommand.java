package met.privacy;

import com.slack.api.bolt.context.builtin.SlashCommandContext;
import com.slack.api.bolt.request.builtin.SlashCommandRequest;
import com.slack.api.bolt.response.Response;
import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.request.files.FilesCompleteUploadExternalRequest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import met.slack.SlackApi;
import met.workspace.Workspaces;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /met export}: for admins, the team's contacts, meetings, follow-ups and referrals as four CSV files in a
 * DM. Four files rather than one ZIP: each opens straight in a spreadsheet, and Slack previews them.
 */
public final class ExportCommand {
    private static final Logger log = LoggerFactory.getLogger(ExportCommand.class);

    private final ExportService exports;
    private final Admins admins;
    private final Workspaces workspaces;
    private final SlackApi slack;
    private final Executor afterAck;

    public ExportCommand(ExportService exports, Admins admins, Workspaces workspaces, SlackApi slack, Executor afterAck) {
        this.exports = exports;
        this.admins = admins;
        this.workspaces = workspaces;
        this.slack = slack;
        this.afterAck = afterAck;
    }

    public Response handle(String args, SlashCommandRequest request, SlashCommandContext ctx) {
        var p = request.getPayload();
        String teamId = p.getTeamId();
        String userId = p.getUserId();
        workspaces.ensure(teamId, p.getEnterpriseId());
        Admins.Access access = admins.check(teamId, userId);
        if (access instanceof Admins.Access.Refused refused) {
            return ctx.ack(r -> r.responseType("ephemeral").text(PrivacyBlocks.refused("export the team's data", refused.configured())));
        }
        if (access instanceof Admins.Access.Unverified) {
            return ctx.ack(r -> r.responseType("ephemeral").text(PrivacyBlocks.unverified()));
        }
        // Building the files and uploading them can take longer than Slack's 3 seconds: after the ack.
        afterAck.execute(() -> send(teamId, userId, ctx));
        return ctx.ack(r -> r.responseType("ephemeral").text(PrivacyBlocks.preparing()));
    }

    private void send(String teamId, String userId, SlashCommandContext ctx) {
        try (ExportService.Export export = exports.export(teamId, workspaces.today(teamId, userId))) {
            MethodsClient client = slack.client(teamId);
            var dm = client.conversationsOpen(r -> r.users(List.of(userId)));
            if (!dm.isOk()) {
                failed(ctx, teamId, userId, "conversations.open: " + dm.getError());
                return;
            }
            // Upload v2 as Bolt's filesUploadV2 does it (an upload URL per file, a POST of its bytes, then one
            // files.completeUploadExternal), but with each file streamed from disk: Bolt reads a file whole into memory.
            List<FilesCompleteUploadExternalRequest.FileDetails> uploaded = new ArrayList<>();
            for (ExportService.ExportFile file : export.files()) {
                Optional<String> fileId = upload(client, file);
                if (fileId.isEmpty()) {
                    failed(ctx, teamId, userId, "the upload of " + file.filename());
                    return;
                }
                uploaded.add(FilesCompleteUploadExternalRequest.FileDetails.builder().id(fileId.get()).title(file.title()).build());
            }
            var completed = client.filesCompleteUploadExternal(r -> r.channelId(dm.getChannel().getId())
                    .initialComment(PrivacyBlocks.exportComment(export.counts()))
                    .files(uploaded));
            if (!completed.isOk()) {
                failed(ctx, teamId, userId, "files.completeUploadExternal: " + completed.getError());
                return;
            }
            log.info("export sent: team={} user={} rows={}", teamId, userId, export.counts());
            respond(ctx, PrivacyBlocks.exportSent(export.counts()));
        } catch (Exception e) {
            log.error("export failed: team={} user={}", teamId, userId, e);
            respond(ctx, PrivacyBlocks.exportFailed());
        }
    }

    /** @return the uploaded file's id, or empty when Slack refused it (logged) */
    private static Optional<String> upload(MethodsClient client, ExportService.ExportFile file) throws IOException, SlackApiException {
        if (file.size() > Integer.MAX_VALUE) { // files.getUploadURLExternal takes an int; Slack's own limit is 1 GB
            log.warn("export file {} is {} bytes, more than Slack takes", file.filename(), file.size());
            return Optional.empty();
        }
        var url = client.filesGetUploadURLExternal(r -> r.filename(file.filename()).length((int) file.size()));
        if (!url.isOk()) {
            log.warn("files.getUploadURLExternal for {}: {}", file.filename(), url.getError());
            return Optional.empty();
        }
        Request post = new Request.Builder().url(url.getUploadUrl()).post(RequestBody.create(file.path().toFile(), null)).build();
        try (okhttp3.Response response = client.getSlackHttpClient().getOkHttpClient().newCall(post).execute()) {
            if (!response.isSuccessful()) {
                log.warn("upload of {} answered HTTP {}", file.filename(), response.code());
                return Optional.empty();
            }
        }
        return Optional.of(url.getFileId());
    }

    private static void failed(SlashCommandContext ctx, String teamId, String userId, String why) {
        log.warn("export failed: team={} user={}: {}", teamId, userId, why);
        respond(ctx, PrivacyBlocks.exportFailed());
    }

    private static void respond(SlashCommandContext ctx, String text) {
        try {
            ctx.respond(r -> r.responseType("ephemeral").text(text));
        } catch (Exception e) {
            log.warn("response_url failed: {}", e.toString());
        }
    }
}
