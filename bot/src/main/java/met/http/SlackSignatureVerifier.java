package met.http;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Slack's request signature, checked more strictly than Bolt does: a timestamp more than five minutes away in
 * either direction is refused (Bolt accepts any future one), and signatures are compared in constant time.
 */
public final class SlackSignatureVerifier {
    public static final Duration MAX_SKEW = Duration.ofMinutes(5);
    private static final String VERSION = "v0";

    private final SecretKeySpec key;
    private final Clock clock;

    public SlackSignatureVerifier(String signingSecret, Clock clock) {
        this.key = new SecretKeySpec(signingSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
        this.clock = clock;
    }

    /** @param body the raw body exactly as received: re-encoding it would change the signature */
    public boolean isValid(String timestamp, String signature, byte[] body) {
        if (timestamp == null || signature == null || !signature.startsWith(VERSION + "=")) {
            return false;
        }
        long seconds;
        try {
            seconds = Long.parseLong(timestamp.trim());
        } catch (NumberFormatException e) {
            return false;
        }
        if (Math.abs(clock.instant().getEpochSecond() - seconds) > MAX_SKEW.toSeconds()) {
            return false;
        }
        byte[] expected = sign(timestamp.trim(), body).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, signature.getBytes(StandardCharsets.US_ASCII));
    }

    /** {@code v0=<hex HMAC-SHA256(secret, "v0:" + timestamp + ":" + body)>} */
    public String sign(String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            mac.update((VERSION + ":" + timestamp + ":").getBytes(StandardCharsets.UTF_8));
            return VERSION + "=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
