package met.install;

import static met.db.jooq.Tables.INSTALLATION;
import static met.db.jooq.Tables.OAUTH_STATE;
import static met.db.jooq.Tables.WORKSPACE;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import org.jooq.DSLContext;

/** Installations (tokens already encrypted by the caller) and OAuth state values. */
public final class InstallationRepository {
    private final DSLContext db;

    public InstallationRepository(DSLContext db) {
        this.db = db;
    }

    /** One stored installation; token fields hold ciphertext. */
    public record Row(String installId, String teamId, String enterpriseId, boolean enterpriseInstall, String appId, String teamName,
                      String botUserId, String botId, String botScope, String botToken, String botRefreshToken,
                      Instant botTokenExpiresAt, String installerUserId, Instant installedAt) {
    }

    public void save(Row row) {
        OffsetDateTime expires = row.botTokenExpiresAt() == null ? null : row.botTokenExpiresAt().atOffset(ZoneOffset.UTC);
        db.insertInto(INSTALLATION)
                .set(INSTALLATION.INSTALL_ID, row.installId())
                .set(INSTALLATION.TEAM_ID, row.teamId())
                .set(INSTALLATION.ENTERPRISE_ID, row.enterpriseId())
                .set(INSTALLATION.IS_ENTERPRISE_INSTALL, row.enterpriseInstall())
                .set(INSTALLATION.APP_ID, row.appId())
                .set(INSTALLATION.TEAM_NAME, row.teamName())
                .set(INSTALLATION.BOT_USER_ID, row.botUserId())
                .set(INSTALLATION.BOT_ID, row.botId())
                .set(INSTALLATION.BOT_SCOPE, row.botScope())
                .set(INSTALLATION.BOT_TOKEN, row.botToken())
                .set(INSTALLATION.BOT_REFRESH_TOKEN, row.botRefreshToken())
                .set(INSTALLATION.BOT_TOKEN_EXPIRES_AT, expires)
                .set(INSTALLATION.INSTALLER_USER_ID, row.installerUserId())
                .onConflict(INSTALLATION.INSTALL_ID)
                .doUpdate()
                .set(INSTALLATION.TEAM_NAME, row.teamName())
                .set(INSTALLATION.BOT_USER_ID, row.botUserId())
                .set(INSTALLATION.BOT_ID, row.botId())
                .set(INSTALLATION.BOT_SCOPE, row.botScope())
                .set(INSTALLATION.BOT_TOKEN, row.botToken())
                .set(INSTALLATION.BOT_REFRESH_TOKEN, row.botRefreshToken())
                .set(INSTALLATION.BOT_TOKEN_EXPIRES_AT, expires)
                .set(INSTALLATION.INSTALLER_USER_ID, row.installerUserId())
                .set(INSTALLATION.UPDATED_AT, OffsetDateTime.now())
                .execute();
    }

    public Optional<Row> find(String installId) {
        return db.selectFrom(INSTALLATION).where(INSTALLATION.INSTALL_ID.eq(installId))
                .fetchOptional(r -> new Row(r.getInstallId(), r.getTeamId(), r.getEnterpriseId(), r.getIsEnterpriseInstall(), r.getAppId(),
                        r.getTeamName(), r.getBotUserId(), r.getBotId(), r.getBotScope(), r.getBotToken(), r.getBotRefreshToken(),
                        r.getBotTokenExpiresAt() == null ? null : r.getBotTokenExpiresAt().toInstant(), r.getInstallerUserId(),
                        r.getInstalledAt().toInstant()));
    }

    public int delete(String installId) {
        return db.deleteFrom(INSTALLATION).where(INSTALLATION.INSTALL_ID.eq(installId)).execute();
    }

    /** The workspace stays, marked, until its data is purged after the grace period. */
    public void markUninstalled(String teamId, Instant at) {
        db.update(WORKSPACE).set(WORKSPACE.UNINSTALLED_AT, at.atOffset(ZoneOffset.UTC))
                .where(WORKSPACE.TEAM_ID.eq(teamId), WORKSPACE.UNINSTALLED_AT.isNull())
                .execute();
    }

    public void markInstalled(String teamId) {
        db.update(WORKSPACE).setNull(WORKSPACE.UNINSTALLED_AT).where(WORKSPACE.TEAM_ID.eq(teamId)).execute();
    }

    /** Deletes every row of workspaces uninstalled before {@code before}; their rows cascade from the workspace. */
    public int purgeUninstalledBefore(Instant before) {
        return db.deleteFrom(WORKSPACE).where(WORKSPACE.UNINSTALLED_AT.lt(before.atOffset(ZoneOffset.UTC))).execute();
    }

    public void addState(String state, Instant expiresAt) {
        db.insertInto(OAUTH_STATE, OAUTH_STATE.STATE, OAUTH_STATE.EXPIRES_AT).values(state, expiresAt.atOffset(ZoneOffset.UTC)).execute();
    }

    public boolean stateIsValid(String state, Instant now) {
        return db.fetchExists(OAUTH_STATE, OAUTH_STATE.STATE.eq(state), OAUTH_STATE.EXPIRES_AT.gt(now.atOffset(ZoneOffset.UTC)));
    }

    public void deleteState(String state) {
        db.deleteFrom(OAUTH_STATE).where(OAUTH_STATE.STATE.eq(state)).execute();
    }

    public int deleteExpiredStates(Instant now) {
        return db.deleteFrom(OAUTH_STATE).where(OAUTH_STATE.EXPIRES_AT.le(now.atOffset(ZoneOffset.UTC))).execute();
    }
}
