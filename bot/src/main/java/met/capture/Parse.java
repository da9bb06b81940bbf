package met.capture;

import java.util.List;
import java.util.Objects;

/** Outcome of parsing. Java 17: no pattern switch; callers use instanceof. */
public sealed interface Parse permits Parse.Confident, Parse.Unsure, Parse.Blank {

    /** Everything understood with confidence: save directly. */
    record Confident(Capture capture) implements Parse {
        public Confident {
            Objects.requireNonNull(capture, "capture");
        }
    }

    /**
     * Something could not be read with confidence: open the form pre-filled with {@code partial} and show
     * {@code reasons} (short human sentences, e.g. "I couldn't tell who you met.").
     */
    record Unsure(Capture partial, List<String> reasons) implements Parse {
        public Unsure {
            Objects.requireNonNull(partial, "partial");
            reasons = List.copyOf(reasons);
        }
    }

    /** Empty or whitespace-only text. */
    record Blank() implements Parse {}
}
