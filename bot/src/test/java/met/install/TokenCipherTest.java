package met.install;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import met.ConfigException;
import org.junit.jupiter.api.Test;

class TokenCipherTest {
    private static final String OLD = Base64.getEncoder().encodeToString("old-key-old-key-old-key-old-key!".getBytes());
    private static final String NEW = Base64.getEncoder().encodeToString("new-key-new-key-new-key-new-key!".getBytes());

    @Test
    void aTokenComesBackAsItWentInAndNeverAppearsInTheCiphertext() {
        TokenCipher cipher = TokenCipher.fromSetting("k1:" + NEW);

        String stored = cipher.encrypt("xoxb-123-456-secret");

        assertThat(stored).startsWith("v1:k1:").doesNotContain("xoxb").doesNotContain("secret");
        assertThat(cipher.decrypt(stored)).isEqualTo("xoxb-123-456-secret");
        assertThat(cipher.encrypt("xoxb-123-456-secret")).as("a fresh IV each time").isNotEqualTo(stored);
    }

    @Test
    void keysRotateOldCiphertextStaysReadableAndIsKnownToBeStale() {
        String stored = TokenCipher.fromSetting("k0:" + OLD).encrypt("xoxb-old");
        TokenCipher rotated = TokenCipher.fromSetting("k1:" + NEW + ",k0:" + OLD);

        assertThat(rotated.decrypt(stored)).isEqualTo("xoxb-old");
        assertThat(rotated.isStale(stored)).isTrue();
        assertThat(rotated.isStale(rotated.encrypt("xoxb-new"))).isFalse();
        assertThatThrownBy(() -> TokenCipher.fromSetting("k1:" + NEW).decrypt(stored))
                .hasMessageContaining("k0").hasMessageNotContaining("xoxb");
    }

    @Test
    void alteredCiphertextIsRefused() {
        TokenCipher cipher = TokenCipher.fromSetting(NEW);
        String stored = cipher.encrypt("xoxb-1");
        int middle = "v1:k0:".length() + 20; // inside the ciphertext, away from base64 padding bits
        char c = stored.charAt(middle);
        String altered = stored.substring(0, middle) + (c == 'A' ? 'B' : 'A') + stored.substring(middle + 1);

        assertThatThrownBy(() -> cipher.decrypt(altered)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aBadKeySettingNamesTheVariable() {
        assertThatThrownBy(() -> TokenCipher.fromSetting("not base64!")).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("MET_ENCRYPTION_KEY: ");
        assertThatThrownBy(() -> TokenCipher.fromSetting(Base64.getEncoder().encodeToString(new byte[16])))
                .hasMessageContaining("32 bytes");
    }
}
