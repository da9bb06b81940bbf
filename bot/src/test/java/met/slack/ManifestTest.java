package met.slack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import met.Config;
import org.junit.jupiter.api.Test;

/**
 * The app manifest (what an admin pastes to create the app) and the scopes an OAuth install asks for must not drift
 * apart: before this test, OAuth installs lacked channels:read and groups:read, which `/met subscribe` needs.
 */
class ManifestTest {
    @Test
    void anOAuthInstallAsksForTheBotScopesTheManifestDeclares() throws IOException {
        assertThat(List.of(Config.BOT_SCOPES.split(","))).containsExactlyInAnyOrderElementsOf(manifestBotScopes());
    }

    /** The list under oauth_config.scopes.bot (the manifest is YAML; this reads only that plain list). */
    private static List<String> manifestBotScopes() throws IOException {
        List<String> scopes = new ArrayList<>();
        boolean inBot = false;
        for (String line : Files.readAllLines(Path.of("manifest.yaml"))) {
            if (line.trim().equals("bot:")) {
                inBot = true;
            } else if (inBot && line.trim().startsWith("- ")) {
                scopes.add(line.trim().substring(2).trim());
            } else if (inBot) {
                break;
            }
        }
        assertThat(scopes).as("oauth_config.scopes.bot in bot/manifest.yaml").isNotEmpty();
        return scopes;
    }
}
