package met.install;

import com.slack.api.bolt.model.Bot;
import com.slack.api.bolt.model.Installer;
import com.slack.api.bolt.model.builtin.DefaultBot;
import com.slack.api.bolt.service.InstallationService;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bolt's installation store on PostgreSQL. Tokens are encrypted before they are written and decrypted only when
 * Bolt or a scheduled job needs one; no token appears in clear in the database, in logs or in errors.
 */
public final class PostgresInstallationService implements InstallationService {
    private static final Logger log = LoggerFactory.getLogger(PostgresInstallationService.class);

    private final DSLContext db;
    private final TokenCipher cipher;
    private final Clock clock;

    public PostgresInstallationService(DSLContext db, TokenCipher cipher, Clock clock) {
        this.db = db;
        this.cipher = cipher;
        this.clock = clock;
    }

    @Override
    public boolean isHistoricalDataEnabled() {
        return false;
    }

    @Override
    public void setHistoricalDataEnabled(boolean enabled) {
        // Only the latest installation of a workspace is kept: older tokens are revoked by Slack anyway.
    }

    @Override
    public void saveInstallerAndBot(Installer installer) {
        save(installer.toBot(), installer.getInstallerUserId());
        log.info("installed in team={} enterprise={}", installer.getTeamId(), installer.getEnterpriseId());
    }

    /** Token rotation: Bolt saves the refreshed bot token here. */
    @Override
    public void saveBot(Bot bot) {
        String installer = repository().find(installId(bot.getEnterpriseId(), bot.getTeamId(), bot.getIsEnterpriseInstall()))
                .map(InstallationRepository.Row::installerUserId).orElse(null);
        save(bot, installer);
    }

    private void save(Bot bot, String installerUserId) {
        boolean enterprise = Boolean.TRUE.equals(bot.getIsEnterpriseInstall());
        String teamName = bot instanceof DefaultBot d ? d.getTeamName() : null;
        InstallationRepository repository = repository();
        repository.save(new InstallationRepository.Row(
                installId(bot.getEnterpriseId(), bot.getTeamId(), enterprise), bot.getTeamId(), bot.getEnterpriseId(), enterprise,
                bot.getAppId(), teamName, bot.getBotUserId(), bot.getBotId(), bot.getBotScope(),
                cipher.encrypt(bot.getBotAccessToken()), cipher.encrypt(bot.getBotRefreshToken()),
                bot.getBotTokenExpiresAt() == null ? null : Instant.ofEpochMilli(bot.getBotTokenExpiresAt()),
                installerUserId, clock.instant()));
        if (bot.getTeamId() != null) {
            repository.markInstalled(bot.getTeamId());
        }
    }

    @Override
    public void deleteBot(Bot bot) {
        repository().delete(installId(bot.getEnterpriseId(), bot.getTeamId(), bot.getIsEnterpriseInstall()));
    }

    @Override
    public void deleteInstaller(Installer installer) {
        repository().delete(installId(installer.getEnterpriseId(), installer.getTeamId(), installer.getIsEnterpriseInstall()));
    }

    /** app_uninstalled and tokens_revoked: the tokens go now, the workspace's data after the grace period. */
    @Override
    public void deleteAll(String enterpriseId, String teamId) {
        InstallationRepository repository = repository();
        repository.delete(installId(enterpriseId, teamId, teamId == null));
        if (teamId != null) {
            repository.markUninstalled(teamId, clock.instant());
        }
        log.info("uninstalled from team={} enterprise={}", teamId, enterpriseId);
    }

    @Override
    public Bot findBot(String enterpriseId, String teamId) {
        InstallationRepository repository = repository();
        Optional<InstallationRepository.Row> row = teamId == null ? Optional.empty() : repository.find(teamId);
        if (row.isEmpty() && enterpriseId != null) {
            row = repository.find(enterpriseId); // an org-wide install serves every team of the org
        }
        return row.map(this::toBot).orElse(null);
    }

    @Override
    public Installer findInstaller(String enterpriseId, String teamId, String userId) {
        return null; // Met acts only as its bot; installers' user tokens are neither requested nor kept
    }

    private Bot toBot(InstallationRepository.Row row) {
        DefaultBot bot = new DefaultBot();
        bot.setAppId(row.appId());
        bot.setTeamId(row.teamId());
        bot.setTeamName(row.teamName());
        bot.setEnterpriseId(row.enterpriseId());
        bot.setIsEnterpriseInstall(row.enterpriseInstall());
        bot.setBotUserId(row.botUserId());
        bot.setBotId(row.botId());
        bot.setBotScope(row.botScope());
        bot.setBotAccessToken(cipher.decrypt(row.botToken()));
        bot.setBotRefreshToken(cipher.decrypt(row.botRefreshToken()));
        bot.setBotTokenExpiresAt(row.botTokenExpiresAt() == null ? null : row.botTokenExpiresAt().toEpochMilli());
        bot.setInstalledAt(row.installedAt().toEpochMilli());
        return bot;
    }

    private InstallationRepository repository() {
        return new InstallationRepository(db);
    }

    static String installId(String enterpriseId, String teamId, Boolean enterpriseInstall) {
        return Boolean.TRUE.equals(enterpriseInstall) || teamId == null ? enterpriseId : teamId;
    }
}
