package met.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class SlackSignatureVerifierTest {
    // Slack's documented example (docs.slack.dev, "Verifying requests from Slack").
    private static final String SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
    private static final String TIMESTAMP = "1531420618";
    private static final byte[] BODY = ("token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V"
            + "&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text="
            + "&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN"
            + "&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c").getBytes(StandardCharsets.UTF_8);
    private static final String SIGNATURE = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503";

    private static SlackSignatureVerifier at(Instant now) {
        return new SlackSignatureVerifier(SECRET, Clock.fixed(now, ZoneOffset.UTC));
    }

    private static final Instant SIGNED_AT = Instant.ofEpochSecond(Long.parseLong(TIMESTAMP));

    @Test
    void signsSlacksDocumentedExampleToSlacksDocumentedSignature() {
        assertThat(at(SIGNED_AT).sign(TIMESTAMP, BODY)).isEqualTo(SIGNATURE);
    }

    @Test
    void acceptsSlacksDocumentedExampleWithinFiveMinutes() {
        assertThat(at(SIGNED_AT).isValid(TIMESTAMP, SIGNATURE, BODY)).isTrue();
        assertThat(at(SIGNED_AT.plus(Duration.ofSeconds(299))).isValid(TIMESTAMP, SIGNATURE, BODY)).isTrue();
        assertThat(at(SIGNED_AT.minus(Duration.ofSeconds(299))).isValid(TIMESTAMP, SIGNATURE, BODY)).isTrue();
    }

    @Test
    void refusesATimestampSixMinutesOld() {
        assertThat(at(SIGNED_AT.plus(Duration.ofMinutes(6))).isValid(TIMESTAMP, SIGNATURE, BODY)).isFalse();
    }

    @Test
    void refusesATimestampSixMinutesInTheFutureWhichBoltAloneWouldAccept() {
        assertThat(at(SIGNED_AT.minus(Duration.ofMinutes(6))).isValid(TIMESTAMP, SIGNATURE, BODY)).isFalse();
    }

    @Test
    void refusesABodyChangedByOneByte() {
        byte[] tampered = BODY.clone();
        tampered[tampered.length - 1] ^= 1;
        assertThat(at(SIGNED_AT).isValid(TIMESTAMP, SIGNATURE, tampered)).isFalse();
    }

    @Test
    void refusesMissingOrMalformedHeaders() {
        SlackSignatureVerifier verifier = at(SIGNED_AT);
        assertThat(verifier.isValid(null, SIGNATURE, BODY)).isFalse();
        assertThat(verifier.isValid(TIMESTAMP, null, BODY)).isFalse();
        assertThat(verifier.isValid("yesterday", SIGNATURE, BODY)).isFalse();
        assertThat(verifier.isValid(TIMESTAMP, SIGNATURE.replace("v0=", "v1="), BODY)).isFalse();
        assertThat(verifier.isValid(TIMESTAMP, "v0=", BODY)).isFalse();
    }
}
