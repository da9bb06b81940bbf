package met.http;

import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.JsonWriter;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * A view submission's body without the view's blocks, before Bolt parses it.
 *
 * <p>Slack sends back the whole view it showed with every submission; for the debrief form the blocks are about
 * three quarters of the payload, and Met reads only the view's state, metadata and ids. Bolt parses each view
 * submission with a Gson it builds for that one request, so every class of every block is reflected again each time
 * (418 µs for the benchmark's forms, warm, on one thread; 176 µs without their blocks). Under bench/load --forms 100
 * Met's CPU per form went from 2.34 to 1.94 ms. Everything else, and every other kind of payload, reaches Bolt as
 * Slack sent it. The signature has been checked on the original body before this runs.
 */
final class ViewSubmissionBody {
    private static final String PREFIX = "payload=";

    private ViewSubmissionBody() {
    }

    /** @return the body with {@code view.blocks} left out when it is a view submission, otherwise {@code body} itself */
    static String withoutBlocks(String body) {
        // URL-encoding leaves "view_submission" as it is: a button press or any other payload is not copied at all
        if (!body.startsWith(PREFIX) || body.indexOf('&') >= 0 || !body.contains("view_submission")) {
            return body;
        }
        try {
            String payload = URLDecoder.decode(body.substring(PREFIX.length()), StandardCharsets.UTF_8);
            StringWriter out = new StringWriter(payload.length() / 2);
            JsonReader in = new JsonReader(new StringReader(payload));
            // Lenient as Bolt's own parse is, so that a payload this copy accepts is one Bolt accepts, and the reverse.
            in.setLenient(true);
            JsonWriter writer = new JsonWriter(out);
            writer.setLenient(true);
            if (in.peek() != JsonToken.BEGIN_OBJECT) {
                return body;
            }
            boolean submission = false;
            in.beginObject();
            writer.beginObject();
            while (in.hasNext()) {
                String name = in.nextName();
                writer.name(name);
                if (name.equals("type") && in.peek() == JsonToken.STRING) {
                    String type = in.nextString();
                    submission = type.equals("view_submission");
                    writer.value(type);
                } else if (name.equals("view") && in.peek() == JsonToken.BEGIN_OBJECT) {
                    copyView(in, writer);
                } else {
                    copy(in, writer);
                }
            }
            in.endObject();
            writer.endObject();
            if (!submission || in.peek() != JsonToken.END_DOCUMENT) {
                return body;
            }
            return PREFIX + URLEncoder.encode(out.toString(), StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            // Not JSON Met can read: Bolt gets the body as it came and answers it as it answers any bad body.
            return body;
        }
    }

    private static void copyView(JsonReader in, JsonWriter out) throws IOException {
        in.beginObject();
        out.beginObject();
        while (in.hasNext()) {
            String name = in.nextName();
            if (name.equals("blocks")) {
                in.skipValue();
            } else {
                out.name(name);
                copy(in, out);
            }
        }
        in.endObject();
        out.endObject();
    }

    private static void copy(JsonReader in, JsonWriter out) throws IOException {
        switch (in.peek()) {
            case BEGIN_OBJECT -> {
                in.beginObject();
                out.beginObject();
                while (in.hasNext()) {
                    out.name(in.nextName());
                    copy(in, out);
                }
                in.endObject();
                out.endObject();
            }
            case BEGIN_ARRAY -> {
                in.beginArray();
                out.beginArray();
                while (in.hasNext()) {
                    copy(in, out);
                }
                in.endArray();
                out.endArray();
            }
            case STRING -> out.value(in.nextString());
            // The number's text as Slack wrote it: no rounding through double
            case NUMBER -> out.jsonValue(in.nextString());
            case BOOLEAN -> out.value(in.nextBoolean());
            case NULL -> {
                in.nextNull();
                out.nullValue();
            }
            default -> throw new IllegalStateException("unexpected " + in.peek());
        }
    }
}
