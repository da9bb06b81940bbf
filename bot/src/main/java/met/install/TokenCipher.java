package met.install;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import met.ConfigException;

/**
 * Encrypts tokens at rest with AES-256-GCM. Each ciphertext names the key that made it ({@code v1:<key id>:<data>}),
 * so keys can be rotated: MET_ENCRYPTION_KEY lists the current key first, then older ones still needed to read.
 */
public final class TokenCipher {
    private static final String VERSION = "v1";
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final String currentKeyId;
    private final Map<String, SecretKeySpec> keys;
    private final SecureRandom random = new SecureRandom();

    private TokenCipher(String currentKeyId, Map<String, SecretKeySpec> keys) {
        this.currentKeyId = currentKeyId;
        this.keys = keys;
    }

    /**
     * @param setting "BASE64KEY" or "id1:BASE64KEY,id0:BASE64OLDKEY" — keys of 32 bytes; without an id, the id is
     *                derived from the key itself
     */
    public static TokenCipher fromSetting(String setting) {
        Map<String, SecretKeySpec> keys = new LinkedHashMap<>();
        for (String entry : setting.split(",")) {
            String trimmed = entry.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            int colon = trimmed.indexOf(':');
            String encoded = colon < 0 ? trimmed : trimmed.substring(colon + 1);
            byte[] key;
            try {
                key = Base64.getDecoder().decode(encoded);
            } catch (IllegalArgumentException e) {
                throw new ConfigException("MET_ENCRYPTION_KEY", "a key is not valid base64 (generate one with: openssl rand -base64 32)");
            }
            if (key.length != 32) {
                throw new ConfigException("MET_ENCRYPTION_KEY", "each key must be 32 bytes, base64-encoded (openssl rand -base64 32)");
            }
            String id = colon < 0 ? derivedId(key) : trimmed.substring(0, colon);
            if (!id.matches("[A-Za-z0-9_-]{1,32}")) {
                throw new ConfigException("MET_ENCRYPTION_KEY", "a key id may hold letters, digits, _ and - (at most 32)");
            }
            keys.put(id, new SecretKeySpec(key, "AES"));
        }
        if (keys.isEmpty()) {
            throw new ConfigException("MET_ENCRYPTION_KEY", "is required with SLACK_CLIENT_ID (openssl rand -base64 32)");
        }
        return new TokenCipher(keys.keySet().iterator().next(), Map.copyOf(keys));
    }

    public String encrypt(String plaintext) {
        if (plaintext == null) {
            return null;
        }
        try {
            byte[] iv = new byte[IV_BYTES];
            random.nextBytes(iv);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, keys.get(currentKeyId), new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(currentKeyId.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            byte[] data = ByteBuffer.allocate(iv.length + sealed.length).put(iv).put(sealed).array();
            return VERSION + ":" + currentKeyId + ":" + Base64.getEncoder().encodeToString(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is part of every JDK", e);
        }
    }

    public String decrypt(String stored) {
        if (stored == null) {
            return null;
        }
        String[] parts = stored.split(":", 3);
        if (parts.length != 3 || !VERSION.equals(parts[0])) {
            throw new IllegalStateException("not a token encrypted by Met");
        }
        SecretKeySpec key = keys.get(parts[1]);
        if (key == null) {
            throw new IllegalStateException("token encrypted with key id " + parts[1] + ", which MET_ENCRYPTION_KEY no longer lists");
        }
        try {
            byte[] data = Base64.getDecoder().decode(parts[2]);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, data, 0, IV_BYTES));
            cipher.updateAAD(parts[1].getBytes(StandardCharsets.UTF_8));
            return new String(cipher.doFinal(data, IV_BYTES, data.length - IV_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("a stored token could not be decrypted (wrong key or altered data)");
        }
    }

    /** Whether a stored value was made with an older key, and should be re-encrypted with the current one. */
    public boolean isStale(String stored) {
        return stored != null && !stored.startsWith(VERSION + ":" + currentKeyId + ":");
    }

    private static String derivedId(byte[] key) {
        try {
            return "k" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key), 0, 4);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
