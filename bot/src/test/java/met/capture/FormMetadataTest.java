package met.capture;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class FormMetadataTest {

    @Test
    void roundTripsThroughJson() {
        FormMetadata metadata = new FormMetadata("C0123ABCD", 42L, 3);

        String json = metadata.toJson();

        assertThat(json).isEqualTo("{\"channelId\":\"C0123ABCD\",\"editingDebriefId\":42,\"contactRows\":3}");
        assertThat(FormMetadata.fromJson(json)).isEqualTo(metadata);
    }

    @Test
    void newDebriefWithoutChannelLeavesThoseKeysOut() {
        FormMetadata metadata = new FormMetadata(null, null, 1);

        assertThat(metadata.toJson()).isEqualTo("{\"contactRows\":1}");
        assertThat(FormMetadata.fromJson(metadata.toJson())).isEqualTo(metadata);
    }

    @Test
    void staysFarBelowTheSlackLimitEvenWithTheLargestValues() {
        FormMetadata metadata = new FormMetadata("C".repeat(64), Long.MAX_VALUE, 10);

        assertThat(metadata.toJson().length()).isLessThan(200);
    }

    @Test
    void contactRowsAreKeptWithinOneToTen() {
        assertThat(new FormMetadata(null, null, 0).contactRows()).isEqualTo(1);
        assertThat(new FormMetadata(null, null, -5).contactRows()).isEqualTo(1);
        assertThat(new FormMetadata(null, null, 11).contactRows()).isEqualTo(10);
        assertThat(new FormMetadata(null, null, 7).withContactRows(8).contactRows()).isEqualTo(8);
        assertThat(new FormMetadata(null, null, 10).withContactRows(11).contactRows()).isEqualTo(10);
    }

    @Test
    void aChannelIdThatCannotBeOneIsDropped() {
        assertThat(new FormMetadata("x".repeat(5000), null, 1).channelId()).isNull();
        assertThat(new FormMetadata("  ", null, 1).channelId()).isNull();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"  ", "garbage", "{", "[1,2]", "\"text\"", "42", "null", "{\"contactRows\":",
            "{{{{", "\u0000"})
    void unreadableMetadataGivesTheDefault(String json) {
        assertThat(FormMetadata.fromJson(json)).isEqualTo(new FormMetadata(null, null, 1));
    }

    @Test
    void fieldsOfTheWrongTypeFallBackOneByOne() {
        FormMetadata metadata = FormMetadata.fromJson(
                "{\"channelId\":5,\"editingDebriefId\":\"12\",\"contactRows\":\"four\"}");

        assertThat(metadata).isEqualTo(new FormMetadata(null, null, 1));
    }

    @Test
    void numbersThatAreNotWholeOrTooBigAreIgnoredOrClamped() {
        assertThat(FormMetadata.fromJson("{\"editingDebriefId\":1.5,\"contactRows\":99999999999}"))
                .isEqualTo(new FormMetadata(null, null, 10));
        assertThat(FormMetadata.fromJson("{\"editingDebriefId\":1e400,\"contactRows\":-3}"))
                .isEqualTo(new FormMetadata(null, null, 1));
        assertThat(FormMetadata.fromJson("{\"editingDebriefId\":7.0,\"contactRows\":2}"))
                .isEqualTo(new FormMetadata(null, 7L, 2));
    }
}
